package io.hookwarden.api.sqs;

import java.util.Set;

/** The SQS queue attributes Hookwarden sets, spelled as the SQS API spells them. */
public final class QueueAttributes {
    public static final String VISIBILITY_TIMEOUT = "VisibilityTimeout";
    public static final String MESSAGE_RETENTION_PERIOD = "MessageRetentionPeriod";
    public static final String FIFO_QUEUE = "FifoQueue";
    public static final String CONTENT_BASED_DEDUPLICATION = "ContentBasedDeduplication";
    public static final String REDRIVE_POLICY = "RedrivePolicy";
    /** Read only: the dead-letter queue's ARN goes into the main queue's {@link #REDRIVE_POLICY}. */
    public static final String QUEUE_ARN = "QueueArn";
    /** Settable by CreateQueue only: SetQueueAttributes refuses them. */
    public static final Set<String> CREATE_ONLY = Set.of(FIFO_QUEUE);

    private QueueAttributes() {
    }
}
