package io.hookwarden.operator.secrets;

import io.fabric8.kubernetes.api.model.Secret;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Watches the Secrets WebhookSources reference, so that a Secret deleted, created or given other keys
 * is reconciled at once: an index of the sources by the Secrets they name maps each Secret event to
 * them. A change of values only is not an event: the pods re-read mounted Secrets themselves.
 */
@ApplicationScoped
public class SecretWatch {
    public static final String EVENT_SOURCE = "secrets";
    private static final String BY_SECRET = "webhooksources-by-secret";

    private final SecretReferences references;

    public SecretWatch(SecretReferences references) {
        this.references = references;
    }

    public InformerEventSource<Secret, WebhookSource> eventSource(EventSourceContext<WebhookSource> context) {
        context.getPrimaryCache().addIndexer(BY_SECRET, source -> references.secretsOf(source).stream()
                .map(SecretWatch::indexKey).toList());
        InformerEventSourceConfiguration<Secret> configuration = InformerEventSourceConfiguration
                .from(Secret.class, WebhookSource.class)
                .withName(EVENT_SOURCE)
                .withNamespacesInheritedFromController()
                .withItemStore(new KeysOnlySecretStore())
                .withPrimaryToSecondaryMapper(source -> references.secretsOf((WebhookSource) source))
                .withSecondaryToPrimaryMapper(secret -> referencingSources(context, secret))
                .withOnUpdateFilter((updated, old) -> !keys(updated).equals(keys(old)))
                .build();
        return new InformerEventSource<>(configuration, context);
    }

    private static Set<ResourceID> referencingSources(EventSourceContext<WebhookSource> context, Secret secret) {
        return context.getPrimaryCache().byIndex(BY_SECRET, indexKey(ResourceID.fromResource(secret))).stream()
                .map(ResourceID::fromResource)
                .collect(Collectors.toSet());
    }

    private static String indexKey(ResourceID secret) {
        return secret.getNamespace().orElse("") + "/" + secret.getName();
    }

    private static Set<String> keys(Secret secret) {
        return KeysOnlySecretStore.keysOnly(secret).getData().keySet();
    }
}
