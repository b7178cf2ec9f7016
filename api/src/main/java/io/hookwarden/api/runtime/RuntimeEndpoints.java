package io.hookwarden.api.runtime;

/** The runtime's ports and HTTP paths, which the operator's Services, probes and monitors point at. */
public final class RuntimeEndpoints {
    /** Webhooks only: the port an Ingress or Gateway route targets. */
    public static final int HTTP_PORT = 8080;
    /** Health and metrics (the Quarkus management interface), never routed from outside the cluster. */
    public static final int MANAGEMENT_PORT = 9000;
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
