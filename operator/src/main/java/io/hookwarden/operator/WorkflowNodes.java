package io.hookwarden.operator;

import java.util.List;

/** Names of the dependents in {@link WebhookSourceReconciler}'s workflow; their event sources carry the same names. */
public final class WorkflowNodes {
    public static final String SERVICE_ACCOUNT = "service-account";
    public static final String CONFIG = "config";
    public static final String QUEUES = "queues";
    public static final String INGEST = "ingest";
    public static final String WORKER = "worker";
    public static final String INGEST_SERVICE = "ingest-service";
    public static final String DISRUPTION_BUDGET = "disruption-budget";
    public static final String AUTOSCALER = "autoscaler";
    public static final String INGRESS = "ingress";
    public static final String ADMIN_TOKEN = "admin-token";
    public static final String ADMIN_SERVICE = "admin-service";
    public static final String NETWORK_POLICY = "network-policy";
    public static final String SERVICE_MONITOR = "service-monitor";
    public static final String POD_MONITOR = "pod-monitor";
    public static final String ALERT_RULES = "alert-rules";

    /** Reported under AlertsReady. */
    public static final List<String> MONITORING = List.of(SERVICE_MONITOR, POD_MONITOR, ALERT_RULES);
    /** Nodes whose failures no condition of their own reports: Ready does. */
    public static final List<String> OTHERS = List.of(SERVICE_ACCOUNT, CONFIG, INGEST_SERVICE, DISRUPTION_BUDGET,
            AUTOSCALER, INGRESS, ADMIN_TOKEN, ADMIN_SERVICE, NETWORK_POLICY);

    private WorkflowNodes() {
    }
}
