package io.hookwarden.api.runtime;

/** The runtime's ports and HTTP paths, which the operator's Services, probes and monitors point at. */
public final class RuntimeEndpoints {
    /** Webhooks, health and metrics. */
    public static final int HTTP_PORT = 8080;
    /** The admin API (requeue, replay); never exposed by the ingest Service. */
    public static final int ADMIN_PORT = 9090;
    public static final String METRICS_PATH = "/q/metrics";
    public static final String LIVENESS_PATH = "/q/health/live";
    public static final String READINESS_PATH = "/q/health/ready";
    /** Followed by the source's name: {@code POST /webhooks/<source>}. */
    public static final String WEBHOOKS_PATH = "/webhooks/";

    private RuntimeEndpoints() {
    }

    public static String webhookPath(String source) {
        return WEBHOOKS_PATH + source;
    }
}
