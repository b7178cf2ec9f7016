package io.hookwarden.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.operator.Labels;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import org.jboss.logging.Logger;

/** Kubernetes Events on a WebhookSource: one per condition transition, and one per deletion outcome. */
@ApplicationScoped
public class ConditionEvents {
    public static final String NORMAL = "Normal";
    public static final String WARNING = "Warning";
    private static final Logger LOG = Logger.getLogger(ConditionEvents.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KubernetesClient client;

    public ConditionEvents(KubernetesClient client) {
        this.client = client;
    }

    public void recordTransitions(WebhookSource source, List<Condition> previous, List<Condition> next) {
        for (Condition condition : next) {
            if (Conditions.changed(Conditions.find(previous, condition.getType()).orElse(null), condition)) {
                record(source, Conditions.isTrue(condition) ? NORMAL : WARNING, condition.getReason(),
                        condition.getType() + " is " + condition.getStatus() + ": " + condition.getMessage());
            }
        }
    }

    /** Best effort: an Event that cannot be written must not fail the reconciliation. */
    public void record(WebhookSource source, String type, String reason, String message) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        byte[] suffix = new byte[8];
        RANDOM.nextBytes(suffix);
        Event event = new EventBuilder()
                .withNewMetadata()
                .withName(source.getMetadata().getName() + "." + HexFormat.of().formatHex(suffix))
                .withNamespace(source.getMetadata().getNamespace())
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(source.getApiVersion())
                        .withKind(source.getKind())
                        .withName(source.getMetadata().getName())
                        .withNamespace(source.getMetadata().getNamespace())
                        .withUid(source.getMetadata().getUid())
                        .withResourceVersion(source.getMetadata().getResourceVersion())
                        .build())
                .withType(type)
                .withReason(reason)
                .withMessage(message)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .withNewSource().withComponent(Labels.OPERATOR).endSource()
                .withReportingComponent(Labels.OPERATOR)
                .build();
        try {
            client.v1().events().inNamespace(source.getMetadata().getNamespace()).resource(event).create();
        } catch (KubernetesClientException e) {
            LOG.warnf("cannot record event %s on WebhookSource %s/%s: %s", reason, source.getMetadata().getNamespace(),
                    source.getMetadata().getName(), e.getMessage());
        }
    }
}
