package io.hookwarden.runtime.metrics;

/** Every metric name the runtime publishes (Prometheus adds _total/_seconds suffixes as usual). */
public final class MetricNames {
    public static final String INGEST_REQUESTS = "hookwarden.ingest.requests";
    public static final String INGEST_DURATION = "hookwarden.ingest.duration";
    public static final String SIGNATURE_MATCHES = "hookwarden.signature.matches";
    public static final String OUTBOX_PENDING = "hookwarden.outbox.pending";
    public static final String QUEUE_MESSAGES = "hookwarden.queue.messages";

    private MetricNames() {
    }
}
