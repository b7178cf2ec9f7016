package io.hookwarden.api.v1alpha1;

/**
 * Every default of the WebhookSource spec, in one place. The same strings feed the CRD schema
 * ({@code @Default}) and the Java accessors, so the API server and local mode agree.
 */
public final class Defaults {
    /** Replay window of every scheme that signs a timestamp. */
    public static final String TOLERANCE_SECONDS = "300";
    /** Scheme jwt: leeway on exp, nbf and iat for clocks that disagree. */
    public static final String JWT_CLOCK_SKEW_SECONDS = "60";
    public static final String JWT_MAX_TOKEN_AGE_SECONDS = "300";
    public static final String IDEMPOTENCY_RETENTION = "72h";
    /** Delivered (and superseded) events: long enough to replay last week's deliveries. */
    public static final String DELIVERED_RETENTION = "7d";
    /** Dead-lettered events: as long as SQS keeps them on the dead-letter queue. */
    public static final String DEAD_LETTER_RETENTION = "14d";
    public static final String MAX_BODY_BYTES = "524288";
    public static final String QUEUE_TYPE = "standard";
    public static final String VISIBILITY_TIMEOUT_SECONDS = "300";
    /** With the retry defaults below, a failing sink is retried for at least 91 s (docs/workers.md shows why). */
    public static final String MAX_RECEIVE_COUNT = "8";
    public static final String DELETION_POLICY = "Retain";
    public static final String SINK_TIMEOUT_SECONDS = "10";
    public static final String SINK_MODE = "binary";
    public static final String SINK_CONCURRENCY = "32";
    public static final String RETRY_INITIAL_BACKOFF_SECONDS = "2";
    public static final String RETRY_MAX_BACKOFF_SECONDS = "60";
    public static final String INGEST_REPLICAS = "2";
    public static final String AUTOSCALING_MIN_REPLICAS = "2";
    public static final String AUTOSCALING_TARGET_CPU_PERCENT = "70";
    public static final String WORKER_REPLICAS = "1";

    private Defaults() {
    }

    static int intValue(Integer value, String fallback) {
        return value != null ? value : Integer.parseInt(fallback);
    }
}
