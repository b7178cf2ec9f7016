package io.hookwarden.operator;

import io.hookwarden.api.runtime.RuntimeEndpoints;
import io.hookwarden.api.v1alpha1.Expose;
import io.hookwarden.api.v1alpha1.WebhookSource;

/** Names of everything the operator creates for a WebhookSource: {@code <name>-hookwarden-<role>}. */
public final class ResourceNames {
    /** Container port names of {@link RuntimeEndpoints#HTTP_PORT}, {@link RuntimeEndpoints#ADMIN_PORT} and {@link RuntimeEndpoints#MANAGEMENT_PORT}. */
    public static final String CONTAINER_PORT_NAME = "http";
    public static final String ADMIN_PORT_NAME = "admin";
    public static final String MANAGEMENT_PORT_NAME = "management";

    private ResourceNames() {
    }

    public static String configMap(WebhookSource source) {
        return prefix(source) + "config";
    }

    /** Ingest Deployment, its Service, PodDisruptionBudget, HorizontalPodAutoscaler, Ingress and ServiceMonitor. */
    public static String ingest(WebhookSource source) {
        return prefix(source) + "ingest";
    }

    /** Worker Deployment and its PodMonitor. */
    public static String worker(WebhookSource source) {
        return prefix(source) + "worker";
    }

    /** The worker pods' admin Service, and the admin token Secret the operator creates. */
    public static String admin(WebhookSource source) {
        return prefix(source) + "admin";
    }

    /** The pods' ServiceAccount and NetworkPolicy, shared by ingest and worker. */
    public static String runtime(WebhookSource source) {
        return source.getMetadata().getName() + "-hookwarden";
    }

    public static String alertRules(WebhookSource source) {
        return prefix(source) + "alerts";
    }

    /** Where producers send: the public URL while {@code spec.ingest.expose} is set, else the Service's. */
    public static String endpoint(WebhookSource source) {
        Expose expose = source.getSpec().getIngest().getExpose();
        if (expose != null) {
            return (expose.getTlsSecretName() != null ? "https://" : "http://") + expose.getHost() + webhookPath(source);
        }
        String scheme = source.getSpec().getIngest().getTls() != null ? "https://" : "http://";
        return scheme + ingest(source) + "." + source.getMetadata().getNamespace() + ".svc:" + RuntimeEndpoints.HTTP_PORT
                + webhookPath(source);
    }

    public static String webhookPath(WebhookSource source) {
        return RuntimeEndpoints.webhookPath(source.getMetadata().getName());
    }

    private static String prefix(WebhookSource source) {
        return runtime(source) + "-";
    }
}
