package io.hookwarden.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.api.v1alpha1.WebhookSourceConditions;
import io.hookwarden.api.v1alpha1.WebhookSourceConditions.Reasons;
import io.hookwarden.api.v1alpha1.WebhookSourceStatus;
import io.hookwarden.operator.WorkflowNodes;
import io.hookwarden.operator.monitoring.MonitoringApi;
import io.hookwarden.operator.queue.DesiredQueues;
import io.hookwarden.operator.queue.SqsQueue;
import io.hookwarden.operator.queue.SqsQueues;
import io.hookwarden.operator.secrets.SecretReferences;
import io.hookwarden.operator.secrets.SecretResolution;
import io.hookwarden.operator.secrets.SecretResolver;
import io.hookwarden.operator.testing.Fixtures;
import io.hookwarden.operator.testing.TestOperatorConfig;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.managed.ManagedWorkflowAndDependentResourceContext;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The status the reporter derives from what the workflow left in the context, without an API server. */
class StatusReporterTest {
    private static final SecretResolution RESOLVED = new SecretResolution(true, Reasons.SECRETS_FOUND, "all keys exist");
    private static final SecretResolution MISSING = new SecretResolution(false, Reasons.SECRET_NOT_FOUND, "Secret shop/signing not found");

    private final WebhookSource source = Fixtures.source("shop", "stripe");
    private final Map<String, Deployment> deployments = new HashMap<>();
    private SqsQueues queues;
    private SecretResolution secrets = RESOLVED;
    private boolean monitoringInstalled = true;

    private WebhookSourceStatus report() {
        MonitoringApi monitoring = new MonitoringApi(null, TestOperatorConfig.onAws()) {
            @Override
            public boolean installed() {
                return monitoringInstalled;
            }
        };
        return new StatusReporter(new SecretResolver(new SecretReferences(TestOperatorConfig.onAws())), monitoring).next(source, context());
    }

    private Condition condition(WebhookSourceStatus status, String type) {
        return status.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }

    @Test
    void readyOnceQueuesExistAndBothDeploymentsHavePodsAvailable() {
        queues = provisioned();
        deployments.put(WorkflowNodes.INGEST, deployment(2, 2));
        deployments.put(WorkflowNodes.WORKER, deployment(1, 1));

        WebhookSourceStatus status = report();

        assertThat(condition(status, WebhookSourceConditions.READY).getStatus()).isEqualTo(Conditions.TRUE);
        assertThat(condition(status, WebhookSourceConditions.READY).getMessage())
                .isEqualTo("accepting webhooks at http://stripe-hookwarden-ingest.shop.svc:8080/webhooks/stripe");
        assertThat(status.getQueueUrl()).isEqualTo("http://sqs/1/hookwarden-shop-stripe");
    }

    @Test
    void aMissingSecretHoldsTheDeploymentsBack() {
        secrets = MISSING;
        queues = provisioned();

        WebhookSourceStatus status = report();

        assertThat(condition(status, WebhookSourceConditions.SECRET_RESOLVED).getReason()).isEqualTo(Reasons.SECRET_NOT_FOUND);
        assertThat(condition(status, WebhookSourceConditions.INGEST_AVAILABLE).getReason()).isEqualTo(Reasons.WAITING_FOR_SECRETS);
        assertThat(condition(status, WebhookSourceConditions.READY).getMessage())
                .contains("SecretResolved is False (SecretNotFound)");
    }

    @Test
    void workersWaitForTheQueues() {
        deployments.put(WorkflowNodes.INGEST, deployment(2, 2));

        WebhookSourceStatus status = report();

        assertThat(condition(status, WebhookSourceConditions.QUEUE_READY).getReason()).isEqualTo(Reasons.QUEUES_PENDING);
        assertThat(condition(status, WebhookSourceConditions.WORKERS_AVAILABLE).getReason()).isEqualTo(Reasons.WAITING_FOR_QUEUES);
        assertThat(condition(status, WebhookSourceConditions.INGEST_AVAILABLE).getStatus()).isEqualTo(Conditions.TRUE);
    }

    @Test
    void readyDoesNotWaitForAlerts() {
        monitoringInstalled = false;
        queues = provisioned();
        deployments.put(WorkflowNodes.INGEST, deployment(2, 1));
        deployments.put(WorkflowNodes.WORKER, deployment(1, 1));

        WebhookSourceStatus status = report();

        assertThat(condition(status, WebhookSourceConditions.ALERTS_READY).getReason())
                .isEqualTo(Reasons.MONITORING_API_NOT_INSTALLED);
        assertThat(condition(status, WebhookSourceConditions.READY).getStatus()).isEqualTo(Conditions.TRUE);
    }

    @Test
    void workersScaledToZeroAreNotAvailable() {
        queues = provisioned();
        deployments.put(WorkflowNodes.INGEST, deployment(2, 2));
        deployments.put(WorkflowNodes.WORKER, deployment(0, 0));

        assertThat(condition(report(), WebhookSourceConditions.WORKERS_AVAILABLE).getReason()).isEqualTo(Reasons.SCALED_TO_ZERO);
    }

    @Test
    void queueUrlsAreKeptWhileSqsIsUnreachable() {
        WebhookSourceStatus previous = new WebhookSourceStatus();
        previous.setQueueUrl("http://sqs/1/hookwarden-shop-stripe");
        previous.setDeadLetterQueueUrl("http://sqs/1/hookwarden-shop-stripe-dlq");
        source.setStatus(previous);

        WebhookSourceStatus status = report();

        assertThat(status.getQueueUrl()).isEqualTo("http://sqs/1/hookwarden-shop-stripe");
        assertThat(status.getDeadLetterQueueUrl()).isEqualTo("http://sqs/1/hookwarden-shop-stripe-dlq");
    }

    private SqsQueues provisioned() {
        SqsQueues desired = DesiredQueues.of(source);
        return new SqsQueues(withUrl(desired.main()), withUrl(desired.deadLetter()), desired.redrive());
    }

    private static SqsQueue withUrl(SqsQueue queue) {
        return new SqsQueue(queue.name(), "http://sqs/1/" + queue.name(), queue.attributes(), queue.tags());
    }

    private static Deployment deployment(int replicas, int available) {
        return new DeploymentBuilder().withNewSpec().withReplicas(replicas).endSpec()
                .withNewStatus().withAvailableReplicas(available).endStatus().build();
    }

    /** The parts of a reconciliation's context the reporter reads: secondary resources, the secret check, no errors. */
    @SuppressWarnings("unchecked")
    private Context<WebhookSource> context() {
        ManagedWorkflowAndDependentResourceContext workflow = proxy(ManagedWorkflowAndDependentResourceContext.class,
                (method, args) -> switch (method) {
                    case "get" -> Optional.of(secrets);
                    case "getWorkflowReconcileResult" -> Optional.empty();
                    default -> null;
                });
        return proxy(Context.class, (method, args) -> switch (method) {
            case "managedWorkflowAndDependentResourceContext" -> workflow;
            case "getSecondaryResource" -> args.length == 1
                    ? Optional.ofNullable(args[0] == SqsQueues.class ? queues : null)
                    : Optional.ofNullable(deployments.get((String) args[1]));
            default -> null;
        });
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            Object result = answer.answer(method.getName(), args == null ? new Object[0] : args);
            if (result == null) {
                throw new UnsupportedOperationException("StatusReporterTest's context has no " + method.getName());
            }
            return result;
        }));
    }
}
