package io.hookwarden.e2e;

import static io.hookwarden.e2e.Sources.awaitCondition;
import static io.hookwarden.e2e.Sources.awaitOwned;
import static io.hookwarden.e2e.Sources.waiting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hookwarden.api.runtime.RuntimeMounts;
import io.hookwarden.api.v1alpha1.DeletionPolicy;
import io.hookwarden.api.v1alpha1.Expose;
import io.hookwarden.api.v1alpha1.QueueSpec;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.api.v1alpha1.WebhookSourceConditions.Reasons;
import io.hookwarden.api.v1alpha1.WebhookSourceConditions;
import io.hookwarden.operator.Labels;
import io.hookwarden.operator.ResourceNames;
import io.hookwarden.operator.runtime.RuntimePodTemplate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** The operator against a real API server, controller manager and SQS: what it creates, updates, reports and leaves. */
@ExtendWith(E2eEnvironment.Extension.class)
class OperatorIT {
    /** What "within seconds" means for a Secret change to reach the status. */
    private static final Duration SECRET_WATCH_LATENCY = Duration.ofSeconds(10);
    private static Cluster cluster;
    private static KubernetesClient client;
    private static OperatorUnderTest operator;

    @BeforeAll
    static void start(E2eEnvironment environment) {
        cluster = environment.cluster();
        client = cluster.client();
        operator = environment.operator();
    }

    @Test
    void exampleBecomesAnIngestionPath() {
        cluster.deleteAfterwards(operator.prepareNamespace("default"));
        Example example = Example.load(client).apply(client);
        cluster.deleteAfterwards(example.source());
        cluster.deleteAfterwards(example.secret());

        awaitCondition(client, example.source(), WebhookSourceConditions.SECRET_RESOLVED, true);
        WebhookSource source = awaitCondition(client, example.source(), WebhookSourceConditions.QUEUE_READY, true);

        List<Deployment> deployments = List.of(
                awaitOwned(client, Deployment.class, source, ResourceNames.ingest(source)),
                awaitOwned(client, Deployment.class, source, ResourceNames.worker(source)));
        awaitOwned(client, ConfigMap.class, source, ResourceNames.configMap(source));
        awaitOwned(client, Service.class, source, ResourceNames.ingest(source));
        awaitOwned(client, PodDisruptionBudget.class, source, ResourceNames.ingest(source));
        awaitOwned(client, NetworkPolicy.class, source, ResourceNames.runtime(source));
        awaitOwned(client, ServiceAccount.class, source, ResourceNames.runtime(source));

        QueueUrls queues = assertQueues(source);
        assertThat(source.getStatus().getQueueUrl()).isEqualTo(queues.main());
        assertThat(source.getStatus().getDeadLetterQueueUrl()).isEqualTo(queues.deadLetter());
        assertThat(source.getStatus().getEndpoint()).isEqualTo(ResourceNames.endpoint(source));

        if (cluster.pods() == Cluster.Pods.NEVER_SCHEDULED) {
            awaitCondition(client, source, WebhookSourceConditions.INGEST_AVAILABLE, false);
            return;
        }
        deployments.forEach(this::awaitAvailable);
        if (Settings.realPodsRequired()) {
            assertThat(cluster.pods()).as("nodes of %s", cluster.kubeconfig()).isEqualTo(Cluster.Pods.RUN);
        }
        if (cluster.pods() == Cluster.Pods.RUN) {
            awaitPodsRunning(source);
        }
        awaitCondition(client, source, WebhookSourceConditions.READY, true);
    }

    @Test
    void rateLimitChangeRewritesTheConfigMapAndRollsThePods() {
        Example example = inNewNamespace("e2e-ratelimit");
        WebhookSource source = awaitCondition(client, example.source(), WebhookSourceConditions.SECRET_RESOLVED, true);
        String ingest = ResourceNames.ingest(source);
        String hashBefore = configHash(awaitOwned(client, Deployment.class, source, ingest));

        example.source().getSpec().getRateLimit().setRequestsPerSecond(7);
        example.source().getSpec().getRateLimit().setBurst(9);
        example.apply(client);
        assertThat(example.source().getSpec().getIngest().effectiveReplicas()).isEqualTo(2);

        waiting("ConfigMap with the new rate limit").untilAsserted(() -> {
            WebhookSource rendered = client.getKubernetesSerialization().unmarshal(client.configMaps()
                    .inNamespace(namespace(source)).withName(ResourceNames.configMap(source)).get()
                    .getData().get(RuntimeMounts.MANIFEST_KEY), WebhookSource.class);
            // Each of the 2 ingest pods gets its share of the source's total, rounded down.
            assertThat(rendered.getSpec().getRateLimit().getRequestsPerSecond()).isEqualTo(3);
            assertThat(rendered.getSpec().getRateLimit().getBurst()).isEqualTo(4);
        });
        waiting("ingest pods rolled").untilAsserted(() -> assertThat(
                configHash(client.apps().deployments().inNamespace(namespace(source)).withName(ingest).get()))
                .isNotEqualTo(hashBefore));
    }

    /** The operator runs with its default 10-minute periodic reconciliation: only its Secret watch is this quick. */
    @Test
    void deletedSecretIsReportedWithinSecondsUntilItIsBack() {
        Example example = inNewNamespace("e2e-secret");
        awaitCondition(client, example.source(), WebhookSourceConditions.SECRET_RESOLVED, true);

        client.resource(example.secret()).delete();

        WebhookSource source = awaitCondition(client, example.source(), WebhookSourceConditions.SECRET_RESOLVED, false,
                SECRET_WATCH_LATENCY);
        assertThat(Sources.condition(source, WebhookSourceConditions.SECRET_RESOLVED).orElseThrow()).satisfies(condition -> {
            assertThat(condition.getReason()).isEqualTo(Reasons.SECRET_NOT_FOUND);
            assertThat(condition.getMessage()).contains(example.secret().getMetadata().getName());
        });
        assertThat(Sources.condition(source, WebhookSourceConditions.READY).orElseThrow().getStatus()).isEqualTo("False");

        client.resource(example.secret()).create();
        awaitCondition(client, example.source(), WebhookSourceConditions.SECRET_RESOLVED, true, SECRET_WATCH_LATENCY);
    }

    @Test
    void exposedSourceGetsAnIngressForItsWebhookPathAndReportsItsPublicUrl() {
        String namespace = cluster.createNamespace("e2e-expose");
        operator.prepareNamespace(namespace);
        Example example = Example.load(client).inNamespace(namespace);
        Expose expose = new Expose();
        expose.setHost("hooks.example.test");
        expose.setTlsSecretName("hooks-tls");
        example.source().getSpec().getIngest().setExpose(expose);
        example.apply(client);
        WebhookSource source = awaitCondition(client, example.source(), WebhookSourceConditions.SECRET_RESOLVED, true);

        Ingress ingress = awaitOwned(client, Ingress.class, source, ResourceNames.ingest(source));
        assertThat(ingress.getSpec().getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getHost()).isEqualTo("hooks.example.test");
            assertThat(rule.getHttp().getPaths()).singleElement().satisfies(path -> {
                assertThat(path.getPath()).isEqualTo(ResourceNames.webhookPath(source));
                assertThat(path.getBackend().getService().getPort().getName()).isEqualTo(ResourceNames.CONTAINER_PORT_NAME);
            });
        });
        waiting("public endpoint in the status").untilAsserted(() -> assertThat(client.resource(source).get().getStatus()
                .getEndpoint()).isEqualTo("https://hooks.example.test" + ResourceNames.webhookPath(source)));
    }

    @Test
    void deletionCollectsTheChildrenAndFollowsTheQueueDeletionPolicy() {
        Example retained = inNewNamespace("e2e-deletion");
        Example deleted = Example.load(client).inNamespace(namespace(retained.source()));
        deleted.source().getMetadata().setName(retained.source().getMetadata().getName() + "-deleted");
        deleted.source().getSpec().getQueue().setDeletionPolicy(DeletionPolicy.Delete);
        deleted.apply(client);
        assertThat(retained.source().getSpec().getQueue().getDeletionPolicy()).isEqualTo(DeletionPolicy.Retain);

        List<Example> both = List.of(retained, deleted);
        Map<WebhookSource, List<HasMetadata>> children = new LinkedHashMap<>();
        for (Example example : both) {
            WebhookSource source = awaitCondition(client, example.source(), WebhookSourceConditions.QUEUE_READY, true);
            children.put(source, List.of(
                    awaitOwned(client, Deployment.class, source, ResourceNames.ingest(source)),
                    awaitOwned(client, Deployment.class, source, ResourceNames.worker(source)),
                    awaitOwned(client, ConfigMap.class, source, ResourceNames.configMap(source)),
                    awaitOwned(client, Service.class, source, ResourceNames.ingest(source)),
                    awaitOwned(client, PodDisruptionBudget.class, source, ResourceNames.ingest(source)),
                    awaitOwned(client, NetworkPolicy.class, source, ResourceNames.runtime(source)),
                    awaitOwned(client, ServiceAccount.class, source, ResourceNames.runtime(source))));
        }

        both.forEach(example -> client.resource(example.source()).delete());

        children.forEach((source, owned) -> {
            waiting("WebhookSource " + source.getMetadata().getName() + " deleted (finalizer released)")
                    .until(() -> client.resource(source).get() == null);
            owned.forEach(child -> waiting("garbage collection of " + child.getKind() + " " + child.getMetadata().getName())
                    .until(() -> client.resource(child).get() == null));
        });
        assertQueues(retained.source());
        Sources.QueueNamePair deletedQueues = Sources.queueNames(deleted.source());
        for (String queue : List.of(deletedQueues.main(), deletedQueues.deadLetter())) {
            assertThatThrownBy(() -> sqs().getQueueUrl(request -> request.queueName(queue)))
                    .as("queue %s of a source with deletionPolicy Delete", queue)
                    .isInstanceOf(QueueDoesNotExistException.class);
        }
    }

    private Example inNewNamespace(String prefix) {
        String namespace = cluster.createNamespace(prefix);
        operator.prepareNamespace(namespace);
        return Example.load(client).inNamespace(namespace).apply(client);
    }

    /** Checks the queue pair in SQS: the main queue's attributes and its redrive to the dead-letter queue. */
    private QueueUrls assertQueues(WebhookSource source) {
        QueueSpec spec = source.getSpec().getQueue();
        Sources.QueueNamePair names = Sources.queueNames(source);
        String mainUrl = sqs().getQueueUrl(request -> request.queueName(names.main())).queueUrl();
        String deadLetterUrl = sqs().getQueueUrl(request -> request.queueName(names.deadLetter())).queueUrl();
        Map<String, String> main = sqs().getQueueAttributes(request -> request.queueUrl(mainUrl)
                .attributeNamesWithStrings("All")).attributesAsStrings();
        String deadLetterArn = sqs().getQueueAttributes(request -> request.queueUrl(deadLetterUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);

        assertThat(main.get("VisibilityTimeout")).isEqualTo(String.valueOf(spec.getVisibilityTimeoutSeconds()));
        Map<?, ?> redrive = client.getKubernetesSerialization().unmarshal(main.get("RedrivePolicy"), Map.class);
        assertThat(redrive.get("deadLetterTargetArn")).isEqualTo(deadLetterArn);
        assertThat(String.valueOf(redrive.get("maxReceiveCount")))
                .isEqualTo(String.valueOf(spec.getDeadLetter().getMaxReceiveCount()));
        return new QueueUrls(mainUrl, deadLetterUrl);
    }

    /** On kwok, Pods are marked ready without running; Deployments still have to roll them out. */
    private void awaitAvailable(Deployment deployment) {
        waiting("Deployment " + deployment.getMetadata().getName() + " available").untilAsserted(() -> {
            Deployment latest = client.resource(deployment).get();
            assertThat(latest.getStatus().getAvailableReplicas()).isEqualTo(latest.getSpec().getReplicas());
        });
    }

    /**
     * On a real cluster: every ingest and worker container was started by the kubelet's container runtime
     * (a runtime's container id, a start time after the pod was created) and passes its readiness probe.
     */
    private void awaitPodsRunning(WebhookSource source) {
        waiting("pods of " + source.getMetadata().getName() + " running and ready").untilAsserted(() -> {
            List<Pod> pods = client.pods().inNamespace(namespace(source)).withLabels(Labels.podsOf(source)).list().getItems();
            assertThat(pods).isNotEmpty().allSatisfy(pod -> {
                assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
                Instant created = Instant.parse(pod.getMetadata().getCreationTimestamp());
                assertThat(pod.getStatus().getContainerStatuses()).allSatisfy(status -> {
                    assertThat(status.getReady()).isTrue();
                    assertThat(status.getContainerID()).matches("[a-z]+://[0-9a-f]{64}");
                    Instant started = Instant.parse(status.getState().getRunning().getStartedAt());
                    assertThat(started).isAfterOrEqualTo(created.truncatedTo(ChronoUnit.SECONDS));
                    System.out.printf("pod %s container %s started %s after its pod was created%n",
                            pod.getMetadata().getName(), status.getName(), Duration.between(created, started));
                });
            });
        });
    }

    private static String configHash(Deployment deployment) {
        return deployment.getSpec().getTemplate().getMetadata().getAnnotations().get(RuntimePodTemplate.CONFIG_HASH_ANNOTATION);
    }

    private static String namespace(HasMetadata resource) {
        return resource.getMetadata().getNamespace();
    }

    private static SqsClient sqs() {
        return operator.sqs();
    }

    private record QueueUrls(String main, String deadLetter) {
    }
}
