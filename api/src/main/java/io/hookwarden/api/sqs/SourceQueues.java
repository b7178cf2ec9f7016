package io.hookwarden.api.sqs;

import io.hookwarden.api.v1alpha1.QueueNames;
import io.hookwarden.api.v1alpha1.QueueSpec;
import io.hookwarden.api.v1alpha1.QueueType;
import io.hookwarden.api.v1alpha1.SourceId;
import io.hookwarden.api.v1alpha1.WebhookSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The queue pair of a WebhookSource, as both the operator's provisioner and local mode create it:
 * the dead-letter queue first, then the main queue with {@link #mainAttributes(String)}, whose
 * redrive policy names the dead-letter queue's ARN.
 *
 * @param main the main queue, without its redrive policy (the dead-letter queue's ARN is known once it exists)
 */
public record SourceQueues(QueueDefinition main, QueueDefinition deadLetter, int maxReceiveCount) {
    /** SQS's default, set explicitly so that drift from it is corrected. */
    public static final Duration MAIN_RETENTION = Duration.ofDays(4);
    /**
     * The SQS maximum: a standard queue keeps a message's original enqueue time when it moves it to
     * the dead-letter queue, so the dead-letter queue must keep messages longer than the main queue.
     */
    public static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(14);

    /** @param managedBy the {@link QueueTags#MANAGED_BY} tag: the operator, or {@link QueueTags#LOCAL_MODE} */
    public static SourceQueues of(WebhookSource source, String managedBy) {
        return of(source.getMetadata().getNamespace(), source.getMetadata().getName(), source.getSpec().getQueue(), managedBy);
    }

    /** @param managedBy the {@link QueueTags#MANAGED_BY} tag: the operator, or {@link QueueTags#LOCAL_MODE} */
    public static SourceQueues of(String namespace, String name, QueueSpec spec, String managedBy) {
        QueueType type = spec.effectiveType();

        Map<String, String> main = typeAttributes(type);
        main.put(QueueAttributes.VISIBILITY_TIMEOUT, Integer.toString(spec.effectiveVisibilityTimeoutSeconds()));
        main.put(QueueAttributes.MESSAGE_RETENTION_PERIOD, Long.toString(MAIN_RETENTION.toSeconds()));
        Map<String, String> deadLetter = typeAttributes(type);
        deadLetter.put(QueueAttributes.MESSAGE_RETENTION_PERIOD, Long.toString(DEAD_LETTER_RETENTION.toSeconds()));

        return new SourceQueues(
                new QueueDefinition(QueueNames.mainQueue(namespace, name, type), main,
                        tags(namespace, name, QueueTags.MAIN, managedBy)),
                new QueueDefinition(QueueNames.deadLetterQueue(namespace, name, type), deadLetter,
                        tags(namespace, name, QueueTags.DEAD_LETTER, managedBy)),
                spec.getDeadLetter().effectiveMaxReceiveCount());
    }

    /** The main queue's attributes with the redrive policy to the dead-letter queue {@code deadLetterArn}. */
    public Map<String, String> mainAttributes(String deadLetterArn) {
        Map<String, String> attributes = new HashMap<>(main.attributes());
        attributes.put(QueueAttributes.REDRIVE_POLICY, new RedrivePolicy(deadLetterArn, maxReceiveCount).toJson());
        return attributes;
    }

    /** Deduplication is the runtime's job (event ids, idempotency keys in PostgreSQL), not SQS's content hash. */
    private static Map<String, String> typeAttributes(QueueType type) {
        Map<String, String> attributes = new HashMap<>();
        if (type == QueueType.FIFO) {
            attributes.put(QueueAttributes.FIFO_QUEUE, "true");
            attributes.put(QueueAttributes.CONTENT_BASED_DEDUPLICATION, "false");
        }
        return attributes;
    }

    private static Map<String, String> tags(String namespace, String name, String role, String managedBy) {
        return Map.of(QueueTags.SOURCE, SourceId.of(namespace, name), QueueTags.ROLE, role, QueueTags.MANAGED_BY, managedBy);
    }
}
