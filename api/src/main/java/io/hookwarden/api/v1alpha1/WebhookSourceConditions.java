package io.hookwarden.api.v1alpha1;

/**
 * The condition types the operator reports in {@code status.conditions}, and their reasons: what
 * {@code kubectl wait --for=condition=Ready} and alerting on the WebhookSource rely on.
 */
public final class WebhookSourceConditions {
    public static final String SECRET_RESOLVED = "SecretResolved";
    public static final String QUEUE_READY = "QueueReady";
    public static final String INGEST_AVAILABLE = "IngestAvailable";
    public static final String WORKERS_AVAILABLE = "WorkersAvailable";
    public static final String ALERTS_READY = "AlertsReady";
    /** True when every other condition but AlertsReady is True (alerting is optional). */
    public static final String READY = "Ready";

    public static final class Reasons {
        public static final String SECRETS_FOUND = "SecretsFound";
        public static final String SECRET_NOT_FOUND = "SecretNotFound";
        public static final String SECRET_KEY_NOT_FOUND = "SecretKeyNotFound";
        public static final String QUEUES_PROVISIONED = "QueuesProvisioned";
        public static final String QUEUES_PENDING = "QueuesPending";
        public static final String QUEUE_ERROR = "QueueError";
        /** The worker Deployment waits for both queues and their redrive policy. */
        public static final String WAITING_FOR_QUEUES = "WaitingForQueues";
        public static final String DEPLOYMENT_AVAILABLE = "DeploymentAvailable";
        public static final String DEPLOYMENT_PROGRESSING = "DeploymentProgressing";
        public static final String SCALED_TO_ZERO = "ScaledToZero";
        /** The Deployment is not rolled out (or is held at its last good state) until secrets resolve. */
        public static final String WAITING_FOR_SECRETS = "WaitingForSecrets";
        public static final String RULES_INSTALLED = "RulesInstalled";
        public static final String MONITORING_API_NOT_INSTALLED = "MonitoringAPINotInstalled";
        public static final String MONITORING_ERROR = "MonitoringError";
        public static final String ALL_READY = "AllComponentsReady";
        public static final String COMPONENTS_NOT_READY = "ComponentsNotReady";
        /** Creating or updating a generated resource failed; the message names it and the error. */
        public static final String RECONCILE_ERROR = "ReconcileError";

        private Reasons() {
        }
    }

    private WebhookSourceConditions() {
    }
}
