package io.hookwarden.api.sqs;

/** The tags on a WebhookSource's SQS queues, so that a queue in an account can be traced back to its source. */
public final class QueueTags {
    /** {@code <namespace>/<name>} of the WebhookSource. */
    public static final String SOURCE = "hookwarden.io/webhooksource";
    /** {@link #MAIN} or {@link #DEAD_LETTER}. */
    public static final String ROLE = "hookwarden.io/queue-role";
    /** What created the queue: the operator, or the runtime in local mode. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MAIN = "main";
    public static final String DEAD_LETTER = "dead-letter";
    /** The {@link #MANAGED_BY} value of queues local mode creates. */
    public static final String LOCAL_MODE = "hookwarden-local";

    private QueueTags() {
    }
}
