package io.hookwarden.operator;

import io.hookwarden.api.v1alpha1.DeletionPolicy;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.api.v1alpha1.WebhookSourceStatus;
import io.hookwarden.operator.admin.AdminServiceDependent;
import io.hookwarden.operator.admin.AdminTokenGenerated;
import io.hookwarden.operator.admin.AdminTokenSecretDependent;
import io.hookwarden.operator.ingest.AutoscalingEnabled;
import io.hookwarden.operator.ingest.Exposed;
import io.hookwarden.operator.ingest.IngestAutoscalerDependent;
import io.hookwarden.operator.ingest.IngestDeploymentDependent;
import io.hookwarden.operator.ingest.IngestDisruptionBudgetDependent;
import io.hookwarden.operator.ingest.IngestIngressDependent;
import io.hookwarden.operator.ingest.IngestServiceDependent;
import io.hookwarden.operator.monitoring.MonitoringApiInstalled;
import io.hookwarden.operator.monitoring.PodMonitorDependent;
import io.hookwarden.operator.monitoring.PrometheusRuleDependent;
import io.hookwarden.operator.monitoring.ServiceMonitorDependent;
import io.hookwarden.operator.queue.DesiredQueues;
import io.hookwarden.operator.queue.QueueDependent;
import io.hookwarden.operator.queue.QueuesProvisioned;
import io.hookwarden.operator.runtime.RuntimeConfigDependent;
import io.hookwarden.operator.runtime.RuntimeNetworkPolicyDependent;
import io.hookwarden.operator.runtime.RuntimeServiceAccountDependent;
import io.hookwarden.operator.secrets.SecretWatch;
import io.hookwarden.operator.secrets.SecretsResolved;
import io.hookwarden.operator.status.ConditionEvents;
import io.hookwarden.operator.status.StatusReporter;
import io.hookwarden.operator.worker.WorkerDeploymentDependent;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Turns a WebhookSource into its ingestion path. The workflow below is the whole plan; this class
 * only reports the outcome. The runtime's ConfigMap and Deployments wait for the Secrets; workers
 * wait for the queues; monitoring resources exist only where the Prometheus Operator's API does.
 * Referenced Secrets are watched ({@link SecretWatch}), so their changes reconcile at once.
 */
@ControllerConfiguration(name = WebhookSourceReconciler.NAME,
        // Also notices a monitoring API installed later and drift nothing else reports.
        maxReconciliationInterval = @MaxReconciliationInterval(interval = 10, timeUnit = TimeUnit.MINUTES))
@Workflow(dependents = {
        @Dependent(name = WorkflowNodes.SERVICE_ACCOUNT, type = RuntimeServiceAccountDependent.class),
        @Dependent(name = WorkflowNodes.CONFIG, type = RuntimeConfigDependent.class,
                reconcilePrecondition = SecretsResolved.class),
        @Dependent(name = WorkflowNodes.QUEUES, type = QueueDependent.class,
                readyPostcondition = QueuesProvisioned.class),
        @Dependent(name = WorkflowNodes.INGEST, type = IngestDeploymentDependent.class,
                dependsOn = {WorkflowNodes.SERVICE_ACCOUNT, WorkflowNodes.CONFIG},
                reconcilePrecondition = SecretsResolved.class),
        @Dependent(name = WorkflowNodes.WORKER, type = WorkerDeploymentDependent.class,
                dependsOn = {WorkflowNodes.SERVICE_ACCOUNT, WorkflowNodes.CONFIG, WorkflowNodes.QUEUES},
                reconcilePrecondition = SecretsResolved.class),
        @Dependent(name = WorkflowNodes.INGEST_SERVICE, type = IngestServiceDependent.class),
        @Dependent(name = WorkflowNodes.DISRUPTION_BUDGET, type = IngestDisruptionBudgetDependent.class),
        @Dependent(name = WorkflowNodes.AUTOSCALER, type = IngestAutoscalerDependent.class,
                reconcilePrecondition = AutoscalingEnabled.class),
        @Dependent(name = WorkflowNodes.INGRESS, type = IngestIngressDependent.class,
                dependsOn = WorkflowNodes.INGEST_SERVICE, reconcilePrecondition = Exposed.class),
        // The worker pods mount the token; until the Secret exists the kubelet holds them back.
        @Dependent(name = WorkflowNodes.ADMIN_TOKEN, type = AdminTokenSecretDependent.class,
                reconcilePrecondition = AdminTokenGenerated.class),
        @Dependent(name = WorkflowNodes.ADMIN_SERVICE, type = AdminServiceDependent.class),
        @Dependent(name = WorkflowNodes.NETWORK_POLICY, type = RuntimeNetworkPolicyDependent.class),
        @Dependent(name = WorkflowNodes.SERVICE_MONITOR, type = ServiceMonitorDependent.class,
                activationCondition = MonitoringApiInstalled.class),
        @Dependent(name = WorkflowNodes.POD_MONITOR, type = PodMonitorDependent.class,
                activationCondition = MonitoringApiInstalled.class),
        @Dependent(name = WorkflowNodes.ALERT_RULES, type = PrometheusRuleDependent.class,
                activationCondition = MonitoringApiInstalled.class),
})
public class WebhookSourceReconciler implements Reconciler<WebhookSource>, Cleaner<WebhookSource> {
    public static final String NAME = "webhooksource";
    public static final String QUEUES_DELETED = "QueuesDeleted";
    public static final String QUEUES_RETAINED = "QueuesRetained";

    private final StatusReporter statusReporter;
    private final ConditionEvents events;
    private final SecretWatch secrets;

    public WebhookSourceReconciler(StatusReporter statusReporter, ConditionEvents events, SecretWatch secrets) {
        this.statusReporter = statusReporter;
        this.events = events;
        this.secrets = secrets;
    }

    @Override
    public List<EventSource<?, WebhookSource>> prepareEventSources(EventSourceContext<WebhookSource> context) {
        return List.of(secrets.eventSource(context));
    }

    @Override
    public UpdateControl<WebhookSource> reconcile(WebhookSource source, Context<WebhookSource> context) {
        return report(source, context) ? UpdateControl.patchStatus(source) : UpdateControl.noUpdate();
    }

    /** A dependent failed: the status names it, and the framework retries with backoff. */
    @Override
    public ErrorStatusUpdateControl<WebhookSource> updateErrorStatus(WebhookSource source, Context<WebhookSource> context,
            Exception error) {
        return report(source, context) ? ErrorStatusUpdateControl.patchStatus(source) : ErrorStatusUpdateControl.noStatusUpdate();
    }

    /** Runs once the workflow's cleanup (the queues) succeeded; a failure there keeps the finalizer and is retried. */
    @Override
    public DeleteControl cleanup(WebhookSource source, Context<WebhookSource> context) {
        var queues = DesiredQueues.of(source);
        boolean deleted = source.getSpec().getQueue().effectiveDeletionPolicy() == DeletionPolicy.Delete;
        events.record(source, ConditionEvents.NORMAL, deleted ? QUEUES_DELETED : QUEUES_RETAINED,
                (deleted ? "deleted" : "kept (deletionPolicy Retain)") + " SQS queues " + queues.main().name()
                        + " and " + queues.deadLetter().name());
        return DeleteControl.defaultDelete();
    }

    /** Sets the next status on {@code source}, records an Event per transition; false when nothing changed. */
    private boolean report(WebhookSource source, Context<WebhookSource> context) {
        WebhookSourceStatus previous = source.getStatus();
        WebhookSourceStatus next = statusReporter.next(source, context);
        events.recordTransitions(source, previous == null ? null : previous.getConditions(), next.getConditions());
        source.setStatus(next);
        return !sameStatus(previous, next);
    }

    /** Transition times aside, a status equal to the current one is not written again. */
    private static boolean sameStatus(WebhookSourceStatus previous, WebhookSourceStatus next) {
        return previous != null
                && Objects.equals(previous.getObservedGeneration(), next.getObservedGeneration())
                && Objects.equals(previous.getEndpoint(), next.getEndpoint())
                && Objects.equals(previous.getQueueUrl(), next.getQueueUrl())
                && Objects.equals(previous.getDeadLetterQueueUrl(), next.getDeadLetterQueueUrl())
                && Objects.equals(previous.getConditions(), next.getConditions());
    }
}
