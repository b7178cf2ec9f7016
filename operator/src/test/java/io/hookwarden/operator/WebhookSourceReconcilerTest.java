package io.hookwarden.operator;

import static io.hookwarden.api.v1alpha1.WebhookSourceConditions.ALERTS_READY;
import static io.hookwarden.api.v1alpha1.WebhookSourceConditions.INGEST_AVAILABLE;
import static io.hookwarden.api.v1alpha1.WebhookSourceConditions.QUEUE_READY;
import static io.hookwarden.api.v1alpha1.WebhookSourceConditions.READY;
import static io.hookwarden.api.v1alpha1.WebhookSourceConditions.SECRET_RESOLVED;
import static io.hookwarden.api.v1alpha1.WebhookSourceConditions.WORKERS_AVAILABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hookwarden.api.runtime.RuntimeMounts;
import io.hookwarden.api.sqs.RedrivePolicy;
import io.hookwarden.api.v1alpha1.Autoscaling;
import io.hookwarden.api.v1alpha1.Defaults;
import io.hookwarden.api.v1alpha1.DeletionPolicy;
import io.hookwarden.api.v1alpha1.Expose;
import io.hookwarden.api.v1alpha1.QueueNames;
import io.hookwarden.api.v1alpha1.QueueType;
import io.hookwarden.api.v1alpha1.RateLimit;
import io.hookwarden.api.v1alpha1.SecretKeyRef;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.api.v1alpha1.WebhookSourceConditions.Reasons;
import io.hookwarden.operator.runtime.RuntimeConfig;
import io.hookwarden.operator.runtime.RuntimePodTemplate;
import io.hookwarden.operator.testing.ElasticMqResource;
import io.hookwarden.operator.testing.Fixtures;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** The reconciler against the fabric8 mock API server (CRUD mode) and a real SQS API (ElasticMQ). */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(value = ElasticMqResource.class, restrictToAnnotatedClass = true)
class WebhookSourceReconcilerTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Duration SECRET_WATCH_PATIENCE = Duration.ofSeconds(5);

    @Inject
    KubernetesClient client;

    @Inject
    SqsClient sqs;

    private String namespace;

    @BeforeEach
    void freshNamespace() {
        namespace = Fixtures.freshNamespace();
    }

    @Test
    void rendersEveryDependentOwnedByTheSource() {
        Fixtures.createSecrets(client, namespace);
        WebhookSource source = Fixtures.source(namespace, "stripe");
        client.resource(source).create();

        String uid = awaitStatus("stripe", SECRET_RESOLVED, "True").getMetadata().getUid();
        List<HasMetadata> dependents = List.of(
                awaitResource(ConfigMap.class, "stripe-hookwarden-config"),
                awaitResource(Deployment.class, "stripe-hookwarden-ingest"),
                awaitResource(Deployment.class, "stripe-hookwarden-worker"),
                awaitResource(Service.class, "stripe-hookwarden-ingest"),
                awaitResource(PodDisruptionBudget.class, "stripe-hookwarden-ingest"),
                awaitResource(NetworkPolicy.class, "stripe-hookwarden"),
                awaitResource(ServiceAccount.class, "stripe-hookwarden"));
        for (HasMetadata dependent : dependents) {
            assertThat(dependent.getMetadata().getOwnerReferences()).as(dependent.getKind())
                    .extracting(OwnerReference::getKind, OwnerReference::getName, OwnerReference::getUid)
                    .containsExactly(tuple("WebhookSource", "stripe", uid));
            assertThat(dependent.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "hookwarden-operator");
        }
        assertThat(client.resources(HorizontalPodAutoscaler.class).inNamespace(namespace).list().getItems())
                .as("no autoscaler unless spec.ingest.autoscaling is set").isEmpty();
    }

    @Test
    void configMapCarriesTheManifestTheRuntimeReadsAndNoSecret() throws Exception {
        Fixtures.createSecrets(client, namespace);
        WebhookSource source = Fixtures.source(namespace, "shop");
        source.getSpec().setMaxBodyBytes(2048);
        client.resource(source).create();

        ConfigMap config = awaitResource(ConfigMap.class, "shop-hookwarden-config");
        String manifest = config.getData().get(RuntimeMounts.MANIFEST_KEY);
        // Read as strictly as the runtime does: an unknown field would stop it from starting.
        WebhookSource read = new ObjectMapper(new YAMLFactory())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
                .readValue(manifest, WebhookSource.class);
        assertThat(read.getApiVersion()).isEqualTo("hookwarden.io/v1alpha1");
        assertThat(read.getKind()).isEqualTo("WebhookSource");
        assertThat(read.getMetadata().getName()).isEqualTo("shop");
        assertThat(read.getMetadata().getNamespace()).isEqualTo(namespace);
        assertThat(read.getSpec().getMaxBodyBytes()).isEqualTo(2048);
        assertThat(read.getSpec().getVerification().getSecretRef()).hasToString(Fixtures.SIGNING_SECRET + "/" + Fixtures.SIGNING_KEY);
        assertThat(manifest).doesNotContain("s3cr3t").doesNotContain("status").doesNotContain("uid");

        Deployment ingest = awaitResource(Deployment.class, "shop-hookwarden-ingest");
        assertThat(ingest.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry(RuntimePodTemplate.CONFIG_HASH_ANNOTATION, RuntimeConfig.hash(config));
    }

    @Test
    void rateLimitIsTheSourcesTotalSharedByItsIngestPods() {
        Fixtures.createSecrets(client, namespace);
        WebhookSource source = Fixtures.source(namespace, "limited");
        source.getSpec().setRateLimit(new RateLimit(100, 250));
        source.getSpec().getIngest().setReplicas(3);
        client.resource(source).create();
        awaitResource(ConfigMap.class, "limited-hookwarden-config");

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(renderedRateLimit("limited"))
                .isEqualTo(List.of(33, 83)));

        // Under an autoscaler the replicas change without the operator: the share is of maxReplicas.
        client.resources(WebhookSource.class).inNamespace(namespace).withName("limited").edit(edited -> {
            Autoscaling autoscaling = new Autoscaling();
            autoscaling.setMaxReplicas(10);
            edited.getSpec().getIngest().setAutoscaling(autoscaling);
            edited.getSpec().getIngest().setResources(new ResourceRequirementsBuilder()
                    .addToRequests("cpu", new Quantity("250m")).build());
            return edited;
        });
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(renderedRateLimit("limited"))
                .isEqualTo(List.of(10, 25)));
        assertThat(get("limited").getSpec().getRateLimit().getRequestsPerSecond()).as("the source keeps its total")
                .isEqualTo(100);
    }

    @Test
    void podsAreHardenedAndWiredToTheRuntimeContract() {
        Fixtures.createSecrets(client, namespace);
        client.resource(Fixtures.secret(namespace, "older", Map.of("previous", "old"))).create();
        WebhookSource source = Fixtures.source(namespace, "wp");
        source.getSpec().getVerification().setAdditionalSecretRefs(List.of(new SecretKeyRef("older", "previous")));
        source.getSpec().getIngest().setResources(new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("250m")).addToLimits("memory", new Quantity("512Mi")).build());
        client.resource(source).create();

        Deployment ingest = awaitResource(Deployment.class, "wp-hookwarden-ingest");
        Deployment worker = awaitResource(Deployment.class, "wp-hookwarden-worker");
        assertThat(ingest.getSpec().getReplicas()).isEqualTo(2);
        assertThat(worker.getSpec().getReplicas()).isEqualTo(1);
        assertThat(ingest.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()).containsExactly("serve");
        assertThat(worker.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()).containsExactly("worker");

        PodSpec pod = ingest.getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getServiceAccountName()).isEqualTo("wp-hookwarden");
        Container container = pod.getContainers().get(0);
        assertThat(container.getImage()).startsWith("ghcr.io/hookwarden/ingest-runtime:");
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe()))
                .extracting(probe -> probe.getHttpGet().getPort().getStrVal()).containsOnly("management");
        assertThat(container.getPorts()).extracting(port -> port.getName() + ":" + port.getContainerPort())
                .containsExactly("http:8080", "admin:9090", "management:9000");
        assertThat(container.getResources().getRequests()).containsEntry("cpu", new Quantity("250m"));
        assertThat(container.getResources().getLimits()).containsEntry("memory", new Quantity("512Mi"));

        assertThat(container.getVolumeMounts()).extracting(mount -> mount.getMountPath())
                .containsExactly("/etc/hookwarden/sources", "/tmp", "/var/run/hookwarden/secrets/signing",
                        "/var/run/hookwarden/secrets/older");
        assertThat(pod.getVolumes()).filteredOn(volume -> volume.getSecret() != null)
                .extracting(volume -> volume.getSecret().getSecretName() + ":" + volume.getSecret().getItems().get(0).getKey())
                .containsExactly("signing:secret", "older:previous");
        assertThat(pod.getVolumes()).filteredOn(volume -> volume.getEmptyDir() != null).hasSize(1);

        Map<String, EnvVar> env = container.getEnv().stream()
                .collect(java.util.stream.Collectors.toMap(EnvVar::getName, variable -> variable));
        assertThat(env.get("HOOKWARDEN_SOURCES").getValue()).isEqualTo("/etc/hookwarden/sources");
        assertThat(env.get("HOOKWARDEN_SECRETS_PATH").getValue()).isEqualTo("/var/run/hookwarden/secrets");
        assertThat(env.get("HOOKWARDEN_SQS_REGION").getValue()).isEqualTo("us-east-1");
        assertThat(env.get("HOOKWARDEN_SQS_ENDPOINT").getValue()).startsWith("http://127.0.0.1:");
        for (String name : List.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD")) {
            assertThat(env.get(name).getValue()).as(name).isNull();
            assertThat(env.get(name).getValueFrom().getSecretKeyRef().getName()).as(name).isEqualTo("hookwarden-database");
        }

        Service service = awaitResource(Service.class, "wp-hookwarden-ingest");
        assertThat(service.getSpec().getPorts()).extracting(port -> port.getName() + ":" + port.getPort())
                .containsExactly("http:8080", "management:9000");
        NetworkPolicy policy = awaitResource(NetworkPolicy.class, "wp-hookwarden");
        assertThat(policy.getSpec().getIngress()).hasSize(3);
        assertThat(policy.getSpec().getIngress().get(0).getFrom()).isEmpty();
        assertThat(policy.getSpec().getIngress().get(0).getPorts().get(0).getPort().getIntVal()).isEqualTo(8080);
        assertThat(policy.getSpec().getIngress().get(1).getFrom()).singleElement().satisfies(peer -> {
            assertThat(peer.getNamespaceSelector()).as("pods of every namespace, nothing from outside").isNotNull();
            assertThat(peer.getNamespaceSelector().getMatchLabels()).isNullOrEmpty();
            assertThat(peer.getPodSelector()).isNull();
        });
        assertThat(policy.getSpec().getIngress().get(1).getPorts().get(0).getPort().getIntVal()).isEqualTo(9000);
        assertThat(policy.getSpec().getIngress().get(2).getFrom()).singleElement()
                .satisfies(peer -> assertThat(peer.getNamespaceSelector()).as("this namespace only").isNull());
        assertThat(policy.getSpec().getIngress().get(2).getPorts().get(0).getPort().getIntVal()).isEqualTo(9090);
    }

    @Test
    void missingSecretIsReportedAndHoldsBackTheDeployments() {
        WebhookSource source = Fixtures.source(namespace, "held");
        client.resource(source).create();

        Condition missing = condition(awaitStatus("held", SECRET_RESOLVED, "False"), SECRET_RESOLVED);
        assertThat(missing.getReason()).isEqualTo(Reasons.SECRET_NOT_FOUND);
        assertThat(missing.getMessage()).contains("Secret " + namespace + "/signing").contains("spec.verification.secretRef");
        assertThat(deployments()).isEmpty();
        assertThat(client.configMaps().inNamespace(namespace).withName("held-hookwarden-config").get()).isNull();
        WebhookSource reported = awaitStatus("held", INGEST_AVAILABLE, "False");
        assertThat(condition(reported, INGEST_AVAILABLE).getReason()).isEqualTo(Reasons.WAITING_FOR_SECRETS);
        assertThat(condition(reported, READY).getStatus()).isEqualTo("False");

        client.resource(Fixtures.secret(namespace, Fixtures.SIGNING_SECRET, Map.of("other", "x"))).create();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(condition(get("held"), SECRET_RESOLVED).getReason())
                .isEqualTo(Reasons.SECRET_KEY_NOT_FOUND));
        assertThat(condition(get("held"), SECRET_RESOLVED).getMessage()).contains("has no key 'secret'");
        assertThat(deployments()).isEmpty();

        client.resource(Fixtures.secret(namespace, "hookwarden-database",
                Map.of("jdbc-url", "jdbc:postgresql://db/h", "username", "u", "password", "p"))).create();
        client.resource(Fixtures.secret(namespace, Fixtures.SIGNING_SECRET, Map.of(Fixtures.SIGNING_KEY, "now-here"))).update();
        awaitStatus("held", SECRET_RESOLVED, "True");
        awaitResource(Deployment.class, "held-hookwarden-ingest");
        awaitResource(Deployment.class, "held-hookwarden-worker");

        assertThat(events()).extracting(Event::getReason)
                .contains(Reasons.SECRET_NOT_FOUND, Reasons.SECRET_KEY_NOT_FOUND, Reasons.SECRETS_FOUND);
    }

    /** The periodic reconciliation is 10 minutes away: only the Secret watch can report this in seconds. */
    @Test
    void deletedSecretIsReportedWithinSecondsAndItsReturnToo() {
        Fixtures.createSecrets(client, namespace);
        client.resource(Fixtures.source(namespace, "watched")).create();
        awaitStatus("watched", SECRET_RESOLVED, "True");

        client.secrets().inNamespace(namespace).withName(Fixtures.SIGNING_SECRET).delete();
        Condition missing = condition(awaitStatusWithin(SECRET_WATCH_PATIENCE, "watched", SECRET_RESOLVED, "False"),
                SECRET_RESOLVED);
        assertThat(missing.getReason()).isEqualTo(Reasons.SECRET_NOT_FOUND);

        client.resource(Fixtures.secret(namespace, Fixtures.SIGNING_SECRET, Map.of(Fixtures.SIGNING_KEY, "back"))).create();
        awaitStatusWithin(SECRET_WATCH_PATIENCE, "watched", SECRET_RESOLVED, "True");
    }

    @Test
    void statusReportsEndpointQueuesAndEveryCondition() {
        Fixtures.createSecrets(client, namespace);
        client.resource(Fixtures.source(namespace, "github")).create();

        WebhookSource reported = awaitStatus("github", QUEUE_READY, "True");
        assertThat(reported.getStatus().getObservedGeneration()).isEqualTo(reported.getMetadata().getGeneration());
        assertThat(reported.getStatus().getEndpoint())
                .isEqualTo("http://github-hookwarden-ingest." + namespace + ".svc:8080/webhooks/github");
        assertThat(reported.getStatus().getQueueUrl()).endsWith("/" + QueueNames.mainQueue(namespace, "github", QueueType.STANDARD));
        assertThat(reported.getStatus().getDeadLetterQueueUrl()).endsWith("/" + QueueNames.deadLetterQueue(namespace, "github", QueueType.STANDARD));
        assertThat(reported.getStatus().getConditions()).extracting(Condition::getType)
                .containsExactly(SECRET_RESOLVED, QUEUE_READY, INGEST_AVAILABLE, WORKERS_AVAILABLE, ALERTS_READY, READY);
        assertThat(reported.getStatus().getConditions()).allSatisfy(condition -> {
            assertThat(condition.getReason()).isNotBlank();
            assertThat(condition.getMessage()).isNotBlank();
            assertThat(condition.getLastTransitionTime()).isNotBlank();
        });
        Condition alerts = condition(reported, ALERTS_READY);
        assertThat(alerts.getStatus()).isEqualTo("False");
        assertThat(alerts.getReason()).isEqualTo(Reasons.MONITORING_API_NOT_INSTALLED);
        assertThat(condition(reported, INGEST_AVAILABLE).getReason()).isEqualTo(Reasons.DEPLOYMENT_PROGRESSING);

        // No controller manager here: play the Deployment controller's part.
        for (String name : List.of("github-hookwarden-ingest", "github-hookwarden-worker")) {
            client.resources(Deployment.class).inNamespace(namespace).withName(name)
                    .editStatus(deployment -> {
                        deployment.setStatus(new DeploymentStatusBuilder().withAvailableReplicas(1).withReplicas(1).build());
                        return deployment;
                    });
        }
        WebhookSource ready = awaitStatus("github", READY, "True");
        assertThat(condition(ready, READY).getReason()).isEqualTo(Reasons.ALL_READY);
        assertThat(condition(ready, INGEST_AVAILABLE).getMessage()).contains("1/2 pods available");
        assertThat(events()).filteredOn(event -> "github".equals(event.getInvolvedObject().getName()))
                .extracting(Event::getReason)
                .contains(Reasons.QUEUES_PROVISIONED, Reasons.DEPLOYMENT_AVAILABLE, Reasons.ALL_READY);
    }

    @Test
    void autoscalerFollowsSpecIngestAutoscaling() {
        Fixtures.createSecrets(client, namespace);
        WebhookSource source = Fixtures.source(namespace, "scaled");
        Autoscaling autoscaling = new Autoscaling();
        autoscaling.setMinReplicas(3);
        autoscaling.setMaxReplicas(7);
        source.getSpec().getIngest().setAutoscaling(autoscaling);
        client.resource(source).create();

        HorizontalPodAutoscaler autoscaler = awaitResource(HorizontalPodAutoscaler.class, "scaled-hookwarden-ingest");
        assertThat(autoscaler.getSpec().getMinReplicas()).isEqualTo(3);
        assertThat(autoscaler.getSpec().getMaxReplicas()).isEqualTo(7);
        assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).isEqualTo("scaled-hookwarden-ingest");
        assertThat(autoscaler.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization()).isEqualTo(70);
        assertThat(awaitResource(Deployment.class, "scaled-hookwarden-ingest").getSpec().getReplicas()).isEqualTo(3);

        // The autoscaler's choice survives the next reconciliation.
        client.resources(Deployment.class).inNamespace(namespace).withName("scaled-hookwarden-ingest")
                .edit(deployment -> {
                    deployment.getSpec().setReplicas(5);
                    return deployment;
                });
        client.resources(WebhookSource.class).inNamespace(namespace).withName("scaled").edit(edited -> {
            edited.getSpec().setMaxBodyBytes(4096);
            return edited;
        });
        await().atMost(PATIENCE).until(() -> get("scaled"),
                scaled -> scaled.getStatus() != null && scaled.getStatus().getObservedGeneration() == 2L);
        assertThat(client.resources(Deployment.class).inNamespace(namespace).withName("scaled-hookwarden-ingest").get()
                .getSpec().getReplicas()).isEqualTo(5);

        client.resources(WebhookSource.class).inNamespace(namespace).withName("scaled").edit(edited -> {
            edited.getSpec().getIngest().setAutoscaling(null);
            return edited;
        });
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                client.resources(HorizontalPodAutoscaler.class).inNamespace(namespace).withName("scaled-hookwarden-ingest").get())
                .isNull());
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(client.resources(Deployment.class).inNamespace(namespace)
                .withName("scaled-hookwarden-ingest").get().getSpec().getReplicas()).isEqualTo(2));
    }

    @Test
    void exposeRoutesTheWebhookPathOnlyAndReportsThePublicEndpoint() {
        Fixtures.createSecrets(client, namespace);
        WebhookSource source = Fixtures.source(namespace, "public");
        Expose expose = new Expose();
        expose.setHost("hooks.example.com");
        expose.setIngressClassName("nginx");
        expose.setTlsSecretName("hooks-tls");
        expose.setAnnotations(Map.of("cert-manager.io/cluster-issuer", "letsencrypt"));
        source.getSpec().getIngest().setExpose(expose);
        client.resource(source).create();
        awaitStatus("public", SECRET_RESOLVED, "True");

        Ingress ingress = awaitResource(Ingress.class, "public-hookwarden-ingest");
        assertThat(ingress.getMetadata().getAnnotations()).containsEntry("cert-manager.io/cluster-issuer", "letsencrypt");
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
            assertThat(tls.getHosts()).containsExactly("hooks.example.com");
            assertThat(tls.getSecretName()).isEqualTo("hooks-tls");
        });
        assertThat(ingress.getSpec().getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getHost()).isEqualTo("hooks.example.com");
            assertThat(rule.getHttp().getPaths()).singleElement().satisfies(path -> {
                assertThat(path.getPath()).isEqualTo("/webhooks/public");
                assertThat(path.getPathType()).isEqualTo("Exact");
                assertThat(path.getBackend().getService().getName()).isEqualTo("public-hookwarden-ingest");
                assertThat(path.getBackend().getService().getPort().getName()).as("the webhook port, never management")
                        .isEqualTo("http");
            });
        });
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(get("public").getStatus().getEndpoint())
                .isEqualTo("https://hooks.example.com/webhooks/public"));

        client.resources(WebhookSource.class).inNamespace(namespace).withName("public").edit(edited -> {
            edited.getSpec().getIngest().setExpose(null);
            return edited;
        });
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                client.resources(Ingress.class).inNamespace(namespace).withName("public-hookwarden-ingest").get()).isNull());
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(get("public").getStatus().getEndpoint())
                .isEqualTo("http://public-hookwarden-ingest." + namespace + ".svc:8080/webhooks/public"));
    }

    @Test
    void adminApiGetsAGeneratedTokenMountedInTheWorkersOnlyAndAServiceForTheWorkers() {
        Fixtures.createSecrets(client, namespace);
        client.resource(Fixtures.source(namespace, "ops")).create();

        Secret secret = awaitResource(Secret.class, "ops-hookwarden-admin");
        String token = adminToken(secret);
        assertThat(token).matches("[0-9a-f]{64}");
        assertThat(secret.getMetadata().getOwnerReferences()).extracting(OwnerReference::getName).containsExactly("ops");

        Container worker = awaitResource(Deployment.class, "ops-hookwarden-worker").getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        assertThat(worker.getEnv()).filteredOn(variable -> variable.getName().equals("HOOKWARDEN_ADMIN_TOKEN_FILE"))
                .singleElement().extracting(EnvVar::getValue).isEqualTo("/var/run/hookwarden/secrets/ops-hookwarden-admin/token");
        assertThat(worker.getVolumeMounts()).extracting(mount -> mount.getMountPath())
                .contains("/var/run/hookwarden/secrets/ops-hookwarden-admin");
        PodSpec ingest = awaitResource(Deployment.class, "ops-hookwarden-ingest").getSpec().getTemplate().getSpec();
        assertThat(ingest.getVolumes()).as("ingest pods never see the admin token")
                .noneMatch(volume -> volume.getSecret() != null && volume.getSecret().getSecretName().equals("ops-hookwarden-admin"));
        assertThat(ingest.getContainers().get(0).getEnv()).extracting(EnvVar::getName).doesNotContain("HOOKWARDEN_ADMIN_TOKEN_FILE");

        Service admin = awaitResource(Service.class, "ops-hookwarden-admin");
        assertThat(admin.getSpec().getSelector()).containsEntry("app.kubernetes.io/component", "worker");
        assertThat(admin.getSpec().getPorts()).singleElement()
                .satisfies(port -> assertThat(port.getName() + ":" + port.getPort()).isEqualTo("admin:9090"));

        // Another reconciliation keeps the token: it is created once.
        client.resources(WebhookSource.class).inNamespace(namespace).withName("ops").edit(edited -> {
            edited.getSpec().setMaxBodyBytes(4096);
            return edited;
        });
        await().atMost(PATIENCE).until(() -> get("ops").getStatus().getObservedGeneration() == 2L);
        assertThat(adminToken(client.secrets().inNamespace(namespace).withName("ops-hookwarden-admin").get())).isEqualTo(token);
    }

    @Test
    void referencedAdminTokenIsMountedAndRequiredInsteadOfAGeneratedOne() {
        Fixtures.createSecrets(client, namespace);
        WebhookSource source = Fixtures.source(namespace, "own");
        source.getSpec().getWorker().setAdminTokenSecretRef(new SecretKeyRef("ops-token", "bearer"));
        client.resource(source).create();

        Condition missing = condition(awaitStatus("own", SECRET_RESOLVED, "False"), SECRET_RESOLVED);
        assertThat(missing.getMessage()).contains("ops-token").contains("spec.worker.adminTokenSecretRef");

        client.resource(Fixtures.secret(namespace, "ops-token", Map.of("bearer", "my-own-token"))).create();
        awaitStatus("own", SECRET_RESOLVED, "True");
        Container worker = awaitResource(Deployment.class, "own-hookwarden-worker").getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        assertThat(worker.getEnv()).filteredOn(variable -> variable.getName().equals("HOOKWARDEN_ADMIN_TOKEN_FILE"))
                .singleElement().extracting(EnvVar::getValue).isEqualTo("/var/run/hookwarden/secrets/ops-token/bearer");
        assertThat(client.secrets().inNamespace(namespace).withName("own-hookwarden-admin").get()).isNull();
    }

    @Test
    void queueAndDeadLetterQueueAreJoinedByTheRedrivePolicy() {
        Fixtures.createSecrets(client, namespace);
        WebhookSource source = Fixtures.source(namespace, "hubspot");
        source.getSpec().getQueue().setVisibilityTimeoutSeconds(120);
        source.getSpec().getQueue().getDeadLetter().setMaxReceiveCount(7);
        client.resource(source).create();
        WebhookSource reported = awaitStatus("hubspot", QUEUE_READY, "True");

        Map<String, String> main = attributes(reported.getStatus().getQueueUrl());
        Map<String, String> deadLetter = attributes(reported.getStatus().getDeadLetterQueueUrl());
        assertThat(main).containsEntry("VisibilityTimeout", "120");
        assertThat(main.get("RedrivePolicy")).contains(deadLetter.get("QueueArn")).contains("7");
        assertThat(sqs.listQueueTags(request -> request.queueUrl(reported.getStatus().getQueueUrl())).tags())
                .containsEntry("hookwarden.io/webhooksource", namespace + "/hubspot")
                .containsEntry("hookwarden.io/queue-role", "main");
        assertThat(sqs.listQueueTags(request -> request.queueUrl(reported.getStatus().getDeadLetterQueueUrl())).tags())
                .containsEntry("hookwarden.io/queue-role", "dead-letter");
    }

    @Test
    void fifoSourcesGetFifoQueuesWithoutContentBasedDeduplication() {
        Fixtures.createSecrets(client, namespace);
        WebhookSource source = Fixtures.source(namespace, "orders");
        source.getSpec().getQueue().setType(QueueType.FIFO);
        source.getSpec().getQueue().setOrderingKey("/id");
        client.resource(source).create();
        WebhookSource reported = awaitStatus("orders", QUEUE_READY, "True");

        assertThat(reported.getStatus().getQueueUrl()).endsWith("/" + QueueNames.mainQueue(namespace, "orders", QueueType.FIFO));
        assertThat(reported.getStatus().getDeadLetterQueueUrl()).endsWith("/" + QueueNames.deadLetterQueue(namespace, "orders", QueueType.FIFO));
        assertThat(attributes(reported.getStatus().getQueueUrl()))
                .containsEntry("FifoQueue", "true")
                .containsEntry("ContentBasedDeduplication", "false");
        assertThat(attributes(reported.getStatus().getDeadLetterQueueUrl())).containsEntry("FifoQueue", "true");
    }

    @Test
    void queueAttributeDriftIsSetBack() {
        Fixtures.createSecrets(client, namespace);
        client.resource(Fixtures.source(namespace, "slack")).create();
        String url = awaitStatus("slack", QUEUE_READY, "True").getStatus().getQueueUrl();

        String deadLetterArn = attributes(awaitStatus("slack", QUEUE_READY, "True").getStatus().getDeadLetterQueueUrl())
                .get("QueueArn");
        sqs.setQueueAttributes(request -> request.queueUrl(url).attributesWithStrings(Map.of("VisibilityTimeout", "1",
                "RedrivePolicy", "{\"deadLetterTargetArn\":\"" + deadLetterArn + "\",\"maxReceiveCount\":\"99\"}")));
        await().atMost(PATIENCE).untilAsserted(() -> {
            Map<String, String> main = attributes(url);
            assertThat(main).containsEntry("VisibilityTimeout", "300");
            // SQS may hand the count back as a number or a string: compare the policy, not its spelling.
            assertThat(RedrivePolicy.parse(main.get("RedrivePolicy")))
                    .contains(new RedrivePolicy(deadLetterArn, Integer.parseInt(Defaults.MAX_RECEIVE_COUNT)));
        });
    }

    @Test
    void deletionPolicyDeleteRemovesTheQueues() {
        WebhookSource reported = createAndAwaitQueues("gone", DeletionPolicy.Delete);
        client.resource(reported).delete();

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(get("gone")).isNull());
        assertThat(queueExists(reported.getStatus().getQueueUrl())).isFalse();
        assertThat(queueExists(reported.getStatus().getDeadLetterQueueUrl())).isFalse();
        assertThat(events()).extracting(Event::getReason).contains(WebhookSourceReconciler.QUEUES_DELETED);
    }

    @Test
    void deletionPolicyRetainKeepsTheQueues() {
        WebhookSource reported = createAndAwaitQueues("kept", DeletionPolicy.Retain);
        assertThat(reported.getMetadata().getFinalizers()).isNotEmpty();
        client.resource(reported).delete();

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(get("kept")).isNull());
        assertThat(queueExists(reported.getStatus().getQueueUrl())).isTrue();
        assertThat(queueExists(reported.getStatus().getDeadLetterQueueUrl())).isTrue();
        assertThat(events()).extracting(Event::getReason).contains(WebhookSourceReconciler.QUEUES_RETAINED);
    }

    private WebhookSource createAndAwaitQueues(String name, DeletionPolicy policy) {
        Fixtures.createSecrets(client, namespace);
        WebhookSource source = Fixtures.source(namespace, name);
        source.getSpec().getQueue().setDeletionPolicy(policy);
        client.resource(source).create();
        return awaitStatus(name, QUEUE_READY, "True");
    }

    /** The API server moves stringData into data; the mock server keeps it as written. */
    private static String adminToken(Secret secret) {
        if (secret.getStringData() != null && secret.getStringData().containsKey("token")) {
            return secret.getStringData().get("token");
        }
        return new String(Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8);
    }

    /** requestsPerSecond and burst of the manifest the runtime reads. */
    private List<Integer> renderedRateLimit(String name) throws Exception {
        String manifest = client.configMaps().inNamespace(namespace).withName(name + "-hookwarden-config").get()
                .getData().get(RuntimeMounts.MANIFEST_KEY);
        RateLimit rendered = new ObjectMapper(new YAMLFactory()).readValue(manifest, WebhookSource.class).getSpec().getRateLimit();
        return List.of(rendered.getRequestsPerSecond(), rendered.getBurst());
    }

    private WebhookSource get(String name) {
        return client.resources(WebhookSource.class).inNamespace(namespace).withName(name).get();
    }

    private WebhookSource awaitStatus(String name, String type, String status) {
        return awaitStatusWithin(PATIENCE, name, type, status);
    }

    private WebhookSource awaitStatusWithin(Duration patience, String name, String type, String status) {
        return await().atMost(patience).until(() -> get(name),
                source -> source != null && source.getStatus() != null
                        && source.getStatus().getConditions().stream()
                                .anyMatch(condition -> type.equals(condition.getType()) && status.equals(condition.getStatus())));
    }

    private static Condition condition(WebhookSource source, String type) {
        return source.getStatus().getConditions().stream().filter(condition -> type.equals(condition.getType()))
                .findFirst().orElseThrow();
    }

    private <T extends HasMetadata> T awaitResource(Class<T> kind, String name) {
        return await().atMost(PATIENCE).until(() -> client.resources(kind).inNamespace(namespace).withName(name).get(),
                resource -> resource != null);
    }

    private List<Deployment> deployments() {
        return client.resources(Deployment.class).inNamespace(namespace).list().getItems();
    }

    private List<Event> events() {
        return client.v1().events().inNamespace(namespace).list().getItems();
    }

    private Map<String, String> attributes(String url) {
        return sqs.getQueueAttributes(request -> request.queueUrl(url).attributeNames(QueueAttributeName.ALL))
                .attributesAsStrings();
    }

    private boolean queueExists(String url) {
        try {
            sqs.getQueueAttributes(request -> request.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN));
            return true;
        } catch (QueueDoesNotExistException e) {
            return false;
        }
    }
}
