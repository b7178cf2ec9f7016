package io.hookwarden.operator.status;

import static io.hookwarden.api.v1alpha1.WebhookSourceConditions.ALERTS_READY;
import static io.hookwarden.api.v1alpha1.WebhookSourceConditions.INGEST_AVAILABLE;
import static io.hookwarden.api.v1alpha1.WebhookSourceConditions.QUEUE_READY;
import static io.hookwarden.api.v1alpha1.WebhookSourceConditions.READY;
import static io.hookwarden.api.v1alpha1.WebhookSourceConditions.SECRET_RESOLVED;
import static io.hookwarden.api.v1alpha1.WebhookSourceConditions.WORKERS_AVAILABLE;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.api.v1alpha1.WebhookSourceConditions.Reasons;
import io.hookwarden.api.v1alpha1.WebhookSourceStatus;
import io.hookwarden.operator.ResourceNames;
import io.hookwarden.operator.WorkflowNodes;
import io.hookwarden.operator.monitoring.MonitoringApi;
import io.hookwarden.operator.queue.SqsQueues;
import io.hookwarden.operator.secrets.SecretResolution;
import io.hookwarden.operator.secrets.SecretResolver;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowReconcileResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Turns what the workflow did and what the cluster shows into the WebhookSource's status. */
@ApplicationScoped
public class StatusReporter {
    private final SecretResolver secrets;
    private final MonitoringApi monitoringApi;

    public StatusReporter(SecretResolver secrets, MonitoringApi monitoringApi) {
        this.secrets = secrets;
        this.monitoringApi = monitoringApi;
    }

    public WebhookSourceStatus next(WebhookSource source, Context<WebhookSource> context) {
        WebhookSourceStatus previous = Optional.ofNullable(source.getStatus()).orElseGet(WebhookSourceStatus::new);
        Map<String, Exception> errors = errorsByDependent(context);
        SecretResolution secretResolution = secrets.resolve(source, context);
        Optional<SqsQueues> queues = context.getSecondaryResource(SqsQueues.class);

        List<Condition> conditions = new ArrayList<>();
        conditions.add(Conditions.of(SECRET_RESOLVED, secretResolution.resolved(), secretResolution.reason(),
                secretResolution.message()));
        conditions.add(queueReady(errors.get(WorkflowNodes.QUEUES), queues));
        conditions.add(deploymentAvailable(INGEST_AVAILABLE, ResourceNames.ingest(source),
                context.getSecondaryResource(Deployment.class, WorkflowNodes.INGEST).orElse(null),
                errors.get(WorkflowNodes.INGEST), secretResolution, false));
        conditions.add(deploymentAvailable(WORKERS_AVAILABLE, ResourceNames.worker(source),
                context.getSecondaryResource(Deployment.class, WorkflowNodes.WORKER).orElse(null),
                errors.get(WorkflowNodes.WORKER), secretResolution, queues.isEmpty()));
        conditions.add(alertsReady(source, errors));
        conditions.add(ready(source, conditions, errors));

        WebhookSourceStatus next = new WebhookSourceStatus();
        long generation = source.getMetadata().getGeneration() == null ? 0 : source.getMetadata().getGeneration();
        next.setObservedGeneration(generation);
        next.setConditions(conditions.stream()
                .map(condition -> Conditions.stamped(condition,
                        Conditions.find(previous.getConditions(), condition.getType()).orElse(null), generation))
                .toList());
        next.setEndpoint(ResourceNames.endpoint(source));
        // Queue names never change for a source (the type is immutable): keep the URLs while SQS is unreachable.
        next.setQueueUrl(queues.map(found -> found.main().url()).orElse(previous.getQueueUrl()));
        next.setDeadLetterQueueUrl(queues.map(found -> found.deadLetter().url()).orElse(previous.getDeadLetterQueueUrl()));
        return next;
    }

    private static Condition queueReady(Exception error, Optional<SqsQueues> queues) {
        if (error != null) {
            return Conditions.of(QUEUE_READY, false, Reasons.QUEUE_ERROR, describe(error));
        }
        return queues.map(found -> Conditions.of(QUEUE_READY, true, Reasons.QUEUES_PROVISIONED,
                        "queue " + found.main().name() + " redrives to " + found.deadLetter().name() + " after "
                                + found.redrive().maxReceiveCount() + " receives"))
                .orElseGet(() -> Conditions.of(QUEUE_READY, false, Reasons.QUEUES_PENDING, "queues not created yet"));
    }

    /** @param queuesMissing the Deployment is created only once the queues exist */
    private static Condition deploymentAvailable(String type, String name, Deployment deployment, Exception error,
            SecretResolution secretResolution, boolean queuesMissing) {
        if (error != null) {
            return Conditions.of(type, false, Reasons.RECONCILE_ERROR, "Deployment " + name + ": " + describe(error));
        }
        if (deployment == null) {
            if (!secretResolution.resolved()) {
                return Conditions.of(type, false, Reasons.WAITING_FOR_SECRETS,
                        "Deployment " + name + " is created once SecretResolved is True");
            }
            if (queuesMissing) {
                return Conditions.of(type, false, Reasons.WAITING_FOR_QUEUES,
                        "Deployment " + name + " is created once QueueReady is True");
            }
            return Conditions.of(type, false, Reasons.DEPLOYMENT_PROGRESSING, "Deployment " + name + " not created yet");
        }
        int wanted = Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
        int available = deployment.getStatus() == null ? 0
                : Optional.ofNullable(deployment.getStatus().getAvailableReplicas()).orElse(0);
        String held = secretResolution.resolved() ? "" : "; held at its last good configuration until SecretResolved is True";
        if (wanted == 0) {
            return Conditions.of(type, false, Reasons.SCALED_TO_ZERO, "Deployment " + name + " has 0 replicas" + held);
        }
        String counts = "Deployment " + name + ": " + available + "/" + wanted + " pods available" + held;
        return available > 0
                ? Conditions.of(type, true, Reasons.DEPLOYMENT_AVAILABLE, counts)
                : Conditions.of(type, false, Reasons.DEPLOYMENT_PROGRESSING, counts);
    }

    private Condition alertsReady(WebhookSource source, Map<String, Exception> errors) {
        String failures = failures(errors, WorkflowNodes.MONITORING);
        if (!failures.isEmpty()) {
            return Conditions.of(ALERTS_READY, false, Reasons.MONITORING_ERROR, failures);
        }
        if (!monitoringApi.installed()) {
            return Conditions.of(ALERTS_READY, false, Reasons.MONITORING_API_NOT_INSTALLED,
                    MonitoringApi.GROUP_VERSION + " is not served: install the Prometheus Operator's CRDs to get "
                            + "the ServiceMonitor, PodMonitor and PrometheusRule of this source");
        }
        return Conditions.of(ALERTS_READY, true, Reasons.RULES_INSTALLED,
                "PrometheusRule " + ResourceNames.alertRules(source) + ", ServiceMonitor " + ResourceNames.ingest(source)
                        + ", PodMonitor " + ResourceNames.worker(source));
    }

    /** Alerts are optional: Ready does not wait for them. */
    private static Condition ready(WebhookSource source, List<Condition> conditions, Map<String, Exception> errors) {
        String failures = failures(errors, WorkflowNodes.OTHERS);
        if (!failures.isEmpty()) {
            return Conditions.of(READY, false, Reasons.RECONCILE_ERROR, failures);
        }
        String notReady = conditions.stream()
                .filter(condition -> !ALERTS_READY.equals(condition.getType()) && !Conditions.isTrue(condition))
                .map(condition -> condition.getType() + " is False (" + condition.getReason() + ")")
                .collect(Collectors.joining("; "));
        return notReady.isEmpty()
                ? Conditions.of(READY, true, Reasons.ALL_READY, "accepting webhooks at " + ResourceNames.endpoint(source))
                : Conditions.of(READY, false, Reasons.COMPONENTS_NOT_READY, notReady);
    }

    private static Map<String, Exception> errorsByDependent(Context<WebhookSource> context) {
        Map<String, Exception> errors = new LinkedHashMap<>();
        context.managedWorkflowAndDependentResourceContext().getWorkflowReconcileResult()
                .map(WorkflowReconcileResult::getErroredDependents)
                .ifPresent(errored -> errored.forEach((dependent, error) -> errors.put(dependent.name(), error)));
        return errors;
    }

    private static String failures(Map<String, Exception> errors, List<String> nodes) {
        return nodes.stream().filter(errors::containsKey)
                .map(node -> node + ": " + describe(errors.get(node)))
                .collect(Collectors.joining("; "));
    }

    /** The innermost message: the API server's or SQS's own words. */
    static String describe(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }
}
