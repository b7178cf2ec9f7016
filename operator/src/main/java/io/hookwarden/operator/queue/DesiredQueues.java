package io.hookwarden.operator.queue;

import io.hookwarden.api.v1alpha1.QueueNames;
import io.hookwarden.api.v1alpha1.QueueSpec;
import io.hookwarden.api.v1alpha1.QueueType;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.operator.Labels;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The queues a WebhookSource's spec asks for. */
public final class DesiredQueues {
    public static final String SOURCE_TAG = "hookwarden.io/webhooksource";
    public static final String ROLE_TAG = "hookwarden.io/queue-role";

    /**
     * SQS keeps a standard queue's original enqueue time when it moves a message to the dead-letter
     * queue, so the dead-letter queue keeps messages longer (the SQS maximum) than the main queue.
     */
    static final Duration MAIN_RETENTION = Duration.ofDays(4);
    static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(14);

    private DesiredQueues() {
    }

    public static SqsQueues of(WebhookSource source) {
        String namespace = source.getMetadata().getNamespace();
        String name = source.getMetadata().getName();
        QueueSpec spec = source.getSpec().getQueue();
        QueueType type = spec.effectiveType();

        Map<String, String> main = typeAttributes(type);
        main.put(QueueAttributeName.VISIBILITY_TIMEOUT.toString(), Integer.toString(spec.effectiveVisibilityTimeoutSeconds()));
        main.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD.toString(), Long.toString(MAIN_RETENTION.toSeconds()));
        Map<String, String> deadLetter = typeAttributes(type);
        deadLetter.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD.toString(), Long.toString(DEAD_LETTER_RETENTION.toSeconds()));

        String deadLetterName = QueueNames.deadLetterQueue(namespace, name, type);
        return new SqsQueues(
                new SqsQueue(QueueNames.mainQueue(namespace, name, type), null, main, tags(source, "main")),
                new SqsQueue(deadLetterName, null, deadLetter, tags(source, "dead-letter")),
                new SqsQueues.Redrive(deadLetterName, spec.getDeadLetter().effectiveMaxReceiveCount()));
    }

    /** Deduplication is the runtime's job (idempotency keys in PostgreSQL), not SQS's content hash. */
    private static Map<String, String> typeAttributes(QueueType type) {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (type == QueueType.FIFO) {
            attributes.put(QueueAttributeName.FIFO_QUEUE.toString(), "true");
            attributes.put(QueueAttributeName.CONTENT_BASED_DEDUPLICATION.toString(), "false");
        }
        return attributes;
    }

    private static Map<String, String> tags(WebhookSource source, String role) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(SOURCE_TAG, source.getMetadata().getNamespace() + "/" + source.getMetadata().getName());
        tags.put(ROLE_TAG, role);
        tags.put(Labels.MANAGED_BY, Labels.OPERATOR);
        return tags;
    }
}
