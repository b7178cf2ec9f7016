package io.hookwarden.operator;

import io.hookwarden.api.runtime.RuntimeEndpoints;
import io.hookwarden.api.v1alpha1.WebhookSource;

/** Names of everything the operator creates for a WebhookSource: {@code <name>-hookwarden-<role>}. */
public final class ResourceNames {
    /** Container port names of {@link RuntimeEndpoints#HTTP_PORT} and {@link RuntimeEndpoints#ADMIN_PORT}. */
    public static final String CONTAINER_PORT_NAME = "http";
    public static final String ADMIN_PORT_NAME = "admin";

    private ResourceNames() {
    }

    public static String configMap(WebhookSource source) {
        return prefix(source) + "config";
    }

    /** Ingest Deployment, its Service, PodDisruptionBudget, HorizontalPodAutoscaler and ServiceMonitor. */
    public static String ingest(WebhookSource source) {
        return prefix(source) + "ingest";
    }

    /** Worker Deployment and its PodMonitor. */
    public static String worker(WebhookSource source) {
        return prefix(source) + "worker";
    }

    /** The pods' ServiceAccount and NetworkPolicy, shared by ingest and worker. */
    public static String runtime(WebhookSource source) {
        return source.getMetadata().getName() + "-hookwarden";
    }

    public static String alertRules(WebhookSource source) {
        return prefix(source) + "alerts";
    }

    public static String endpoint(WebhookSource source) {
        return "http://" + ingest(source) + "." + source.getMetadata().getNamespace() + ".svc:" + RuntimeEndpoints.HTTP_PORT
                + RuntimeEndpoints.webhookPath(source.getMetadata().getName());
    }

    private static String prefix(WebhookSource source) {
        return runtime(source) + "-";
    }
}
