package io.hookwarden.operator;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.hookwarden.api.v1alpha1.WebhookSource;
import java.util.LinkedHashMap;
import java.util.Map;

/** The labels of generated resources; the informers of the dependents only watch what carries them. */
public final class Labels {
    public static final String NAME = "app.kubernetes.io/name";
    public static final String INSTANCE = "app.kubernetes.io/instance";
    public static final String COMPONENT = "app.kubernetes.io/component";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String PART_OF = "app.kubernetes.io/part-of";
    public static final String OPERATOR = "hookwarden-operator";

    public static final String MANAGED = MANAGED_BY + "=" + OPERATOR;
    public static final String MANAGED_INGEST = MANAGED + "," + COMPONENT + "=" + Component.INGEST;
    public static final String MANAGED_WORKER = MANAGED + "," + COMPONENT + "=" + Component.WORKER;

    /** What part of a source's ingestion path a resource belongs to. */
    public static final class Component {
        public static final String INGEST = "ingest";
        public static final String WORKER = "worker";
        public static final String RUNTIME = "runtime";
        public static final String ALERTS = "alerts";

        private Component() {
        }
    }

    private Labels() {
    }

    /** Name, namespace and labels of a resource generated for {@code source}. */
    public static ObjectMeta metadata(WebhookSource source, String name, String component) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(source.getMetadata().getNamespace())
                .withLabels(of(source, component))
                .build();
    }

    public static Map<String, String> of(WebhookSource source, String component) {
        Map<String, String> labels = new LinkedHashMap<>(selector(source, component));
        labels.put(PART_OF, "hookwarden");
        labels.put(MANAGED_BY, OPERATOR);
        return labels;
    }

    /** Stable across operator versions: Deployment selectors cannot change. */
    public static Map<String, String> selector(WebhookSource source, String component) {
        Map<String, String> selector = new LinkedHashMap<>(podsOf(source));
        selector.put(COMPONENT, component);
        return selector;
    }

    /** Every runtime pod of the source, ingest and worker. */
    public static Map<String, String> podsOf(WebhookSource source) {
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put(NAME, "hookwarden");
        selector.put(INSTANCE, source.getMetadata().getName());
        return selector;
    }
}
