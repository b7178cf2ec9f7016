package io.hookwarden.api.metrics;

import java.util.List;

/**
 * Every metric the runtime publishes, with its labels: the runtime registers them under
 * {@link #meterName()}, the operator's alert rules query {@link #prometheusName()}.
 */
public enum Metric {
    INGEST_REQUESTS("hookwarden.ingest.requests", Type.COUNTER, MetricLabels.NAMESPACE, MetricLabels.SOURCE, MetricLabels.OUTCOME),
    /** From a request's arrival to its answer. */
    INGEST_DURATION("hookwarden.ingest.duration", Type.TIMER, MetricLabels.NAMESPACE, MetricLabels.SOURCE, MetricLabels.OUTCOME),
    /** Verified requests by which secret matched; {@code previous} at 0 means a rotation can finish. */
    SIGNATURE_MATCHES("hookwarden.signature.matches", Type.COUNTER, MetricLabels.NAMESPACE, MetricLabels.SOURCE, MetricLabels.KEY),
    /** Events stored but not yet on SQS, of the whole process. */
    OUTBOX_PENDING("hookwarden.outbox.pending", Type.GAUGE),
    /**
     * Sends of an event that SQS refused (a sender fault for its entry): the event stays in the outbox with the
     * reason and is retried on its own backoff, each refusal counted again.
     */
    RELAY_REFUSALS("hookwarden.relay.refusals", Type.COUNTER, MetricLabels.NAMESPACE, MetricLabels.SOURCE),
    QUEUE_MESSAGES("hookwarden.queue.messages", Type.GAUGE, MetricLabels.QUEUE, MetricLabels.KIND),
    /** Delivery attempts and how they ended. */
    DELIVERIES("hookwarden.deliveries", Type.COUNTER, MetricLabels.NAMESPACE, MetricLabels.SOURCE, MetricLabels.RESULT, MetricLabels.FAILURE_CLASS),
    /** One delivery attempt, from request to the sink's answer. */
    DELIVERY_DURATION("hookwarden.delivery.duration", Type.TIMER, MetricLabels.NAMESPACE, MetricLabels.SOURCE),
    /** Messages skipped because their event was already delivered. */
    DEDUP_HITS("hookwarden.dedup.hits", Type.COUNTER, MetricLabels.NAMESPACE, MetricLabels.SOURCE, MetricLabels.STAGE),
    /** Dead-lettered events not replayed yet. */
    DLQ_EVENTS("hookwarden.dlq.events", Type.GAUGE, MetricLabels.NAMESPACE, MetricLabels.SOURCE),
    /** Age of the oldest of them, 0 when there is none. */
    DLQ_OLDEST_AGE("hookwarden.dlq.oldest.age", Type.SECONDS_GAUGE, MetricLabels.NAMESPACE, MetricLabels.SOURCE),
    /** 1 while a source's consumer is paused by its sink's Retry-After. */
    WORKER_PAUSED("hookwarden.worker.paused", Type.GAUGE, MetricLabels.NAMESPACE, MetricLabels.SOURCE),
    /** Events a replay or requeue went through. */
    REPLAY_EVENTS("hookwarden.replay.events", Type.COUNTER, MetricLabels.NAMESPACE, MetricLabels.SOURCE, MetricLabels.OUTCOME);

    /** How Micrometer's Prometheus registry names a meter's series. */
    public enum Type {
        /** {@code <name>_total}. */
        COUNTER,
        /** {@code <name>}. */
        GAUGE,
        /** A gauge with base unit seconds: {@code <name>_seconds}. */
        SECONDS_GAUGE,
        /** {@code <name>_seconds_bucket}, {@code _count}, {@code _sum} and {@code _max}. */
        TIMER
    }

    /** The base unit Micrometer gets for {@link Type#SECONDS_GAUGE} (timers have it built in). */
    public static final String SECONDS = "seconds";

    private final String meterName;
    private final Type type;
    private final List<String> labels;

    Metric(String meterName, Type type, String... labels) {
        this.meterName = meterName;
        this.type = type;
        this.labels = List.of(labels);
    }

    /** The Micrometer name the runtime registers. */
    public String meterName() {
        return meterName;
    }

    public Type type() {
        return type;
    }

    /** The label names of every series of this metric, in registration order. */
    public List<String> labels() {
        return labels;
    }

    /**
     * The series name a query selects: {@code hookwarden_deliveries_total} for a counter; for a
     * timer the common stem {@code hookwarden_delivery_duration_seconds} of its series.
     */
    public String prometheusName() {
        String base = meterName.replace('.', '_');
        return switch (type) {
            case COUNTER -> base + "_total";
            case GAUGE -> base;
            case SECONDS_GAUGE, TIMER -> base + "_" + SECONDS;
        };
    }

    /** Every series name Prometheus scrapes for this metric. */
    public List<String> seriesNames() {
        String name = prometheusName();
        return type == Type.TIMER
                ? List.of(name + "_bucket", name + "_count", name + "_sum", name + "_max")
                : List.of(name);
    }
}
