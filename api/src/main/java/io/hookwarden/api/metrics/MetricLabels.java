package io.hookwarden.api.metrics;

/** The label names of the runtime's metrics (their values are the {@code WireValue} enums of this package). */
public final class MetricLabels {
    /** The WebhookSource's name. */
    public static final String SOURCE = "source";
    /** The WebhookSource's namespace: names repeat across namespaces. */
    public static final String NAMESPACE = "namespace";
    /** {@link IngestOutcome} on ingest metrics, {@link ReplayOutcome} on replay metrics. */
    public static final String OUTCOME = "outcome";
    /** {@link DeliveryResult}. */
    public static final String RESULT = "result";
    /** {@link FailureClass}, or {@link FailureClass#NONE} when the delivery did not fail. */
    public static final String FAILURE_CLASS = "failure_class";
    /** {@link SignatureKey}. */
    public static final String KEY = "key";
    /** The SQS main queue's name (QueueNames). */
    public static final String QUEUE = "queue";
    /** {@link QueueKind}. */
    public static final String KIND = "kind";
    /** {@link DedupStage}. */
    public static final String STAGE = "stage";

    private MetricLabels() {
    }
}
