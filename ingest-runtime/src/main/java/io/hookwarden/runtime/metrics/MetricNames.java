package io.hookwarden.runtime.metrics;

/** Every metric name the runtime publishes (Prometheus adds _total/_seconds suffixes as usual). */
public final class MetricNames {
    public static final String INGEST_REQUESTS = "hookwarden.ingest.requests";
    public static final String INGEST_DURATION = "hookwarden.ingest.duration";
    public static final String SIGNATURE_MATCHES = "hookwarden.signature.matches";
    public static final String OUTBOX_PENDING = "hookwarden.outbox.pending";
    public static final String QUEUE_MESSAGES = "hookwarden.queue.messages";
    /** Delivery attempts and their end: {source, result, failure_class}. */
    public static final String DELIVERIES = "hookwarden.deliveries";
    /** One delivery attempt, from request to the sink's answer: {source}. */
    public static final String DELIVERY_DURATION = "hookwarden.delivery.duration";
    /** Messages skipped because their event was already delivered: {source, stage} (worker, replay). */
    public static final String DEDUP_HITS = "hookwarden.dedup.hits";
    /** Dead-lettered events not replayed yet: {source}. */
    public static final String DLQ_EVENTS = "hookwarden.dlq.events";
    /** Age of the oldest of them (0 when none), published as hookwarden_dlq_oldest_age_seconds: {source}. */
    public static final String DLQ_OLDEST_AGE = "hookwarden.dlq.oldest.age";
    /** 1 while a source's consumer is paused by its sink's Retry-After: {source}. */
    public static final String WORKER_PAUSED = "hookwarden.worker.paused";
    /** Events a replay or requeue went through: {source, outcome} (requeued, already_delivered, skipped, failed). */
    public static final String REPLAY_EVENTS = "hookwarden.replay.events";

    private MetricNames() {
    }
}
