package io.hookwarden.e2e;

import static io.hookwarden.e2e.Sources.awaitCondition;
import static io.hookwarden.e2e.Sources.awaitOwned;
import static io.hookwarden.e2e.Sources.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hookwarden.api.v1alpha1.SinkSpec;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.api.v1alpha1.WebhookSourceConditions;
import io.hookwarden.operator.ResourceNames;
import io.hookwarden.operator.admin.AdminToken;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * One webhook through everything: the Deployments the operator wrote, run here as processes (ingest
 * {@code serve} and {@code worker}), PostgreSQL, the queue the operator created, and an HTTP sink.
 */
@ExtendWith(E2eEnvironment.Extension.class)
class DataPathIT {
    private static final Duration DELIVERY = Duration.ofMinutes(1);
    private static E2eEnvironment environment;
    private static KubernetesClient client;
    private static OperatorUnderTest operator;

    @BeforeAll
    static void start(E2eEnvironment shared) {
        environment = shared;
        client = shared.cluster().client();
        operator = shared.operator();
    }

    @Test
    void signedWebhookReachesTheSinkAsACloudEvent() throws Exception {
        String namespace = environment.cluster().createNamespace("e2e-datapath");
        operator.prepareNamespace(namespace);
        try (Sink sink = Sink.start()) {
            Example example = Example.load(client).inNamespace(namespace);
            SinkSpec sinkSpec = new SinkSpec();
            sinkSpec.setUrl(sink.url("/events").toString());
            example.source().getSpec().setSink(sinkSpec);
            // The worker runs here only: worker pods of a real cluster would take the message and miss this sink.
            example.source().getSpec().getWorker().setReplicas(0);
            example.apply(client);
            awaitCondition(client, example.source(), WebhookSourceConditions.SECRET_RESOLVED, true);
            WebhookSource source = awaitCondition(client, example.source(), WebhookSourceConditions.QUEUE_READY, true);
            Deployment ingestDeployment = awaitOwned(client, Deployment.class, source, ResourceNames.ingest(source));
            Deployment workerDeployment = awaitOwned(client, Deployment.class, source, ResourceNames.worker(source));
            String queueUrl = operator.sqs().getQueueUrl(request -> request.queueName(Sources.queueNames(source).main())).queueUrl();

            String body = "{\"id\":\"post-42\",\"type\":\"post.updated\",\"title\":\"Hello from e2e\"}";
            String traceId = UUID.randomUUID().toString().replace("-", "");

            String eventId;
            try (LocalPod ingest = startPod(ingestDeployment)) {
                HttpRequest webhook = signedWebhook(ingest.http("/webhooks/" + source.getMetadata().getName()), example, body, traceId);
                HttpResponse<String> accepted = Http.CLIENT.send(webhook, HttpResponse.BodyHandlers.ofString());
                assertThat(accepted.statusCode()).as("first delivery: %s", accepted.body()).isEqualTo(202);
                Map<?, ?> answer = client.getKubernetesSerialization().unmarshal(accepted.body(), Map.class);
                assertThat(answer.get("status")).isEqualTo("queued");
                eventId = (String) answer.get("event_id");

                HttpResponse<String> repeated = Http.CLIENT.send(webhook, HttpResponse.BodyHandlers.ofString());
                assertThat(repeated.statusCode()).as("repeat: %s", repeated.body()).isEqualTo(200);
                assertThat(client.getKubernetesSerialization().unmarshal(repeated.body(), Map.class))
                        .containsEntry("status", "duplicate").containsEntry("event_id", eventId);

                waiting("the event on the operator's queue").untilAsserted(() ->
                        assertThat(messages(queueUrl, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).isEqualTo(1));
            }

            try (LocalPod worker = startPod(workerDeployment)) {
                Sink.Delivery delivery = sink.next(DELIVERY);
                assertThat(delivery).as("delivery to the sink within %s%s", DELIVERY, worker.describeLog()).isNotNull();
                assertThat(delivery.path()).isEqualTo("/events");
                assertThat(delivery.headers())
                        .containsEntry("ce-specversion", "1.0")
                        .containsEntry("ce-id", eventId)
                        .containsEntry("ce-type", "post.updated")
                        .containsKey("ce-source");
                assertThat(delivery.headers().get("content-type")).startsWith("application/json");
                assertThat(delivery.headers().get("traceparent")).contains(traceId);
                assertThat(client.getKubernetesSerialization().unmarshal(delivery.body(), Map.class))
                        .isEqualTo(client.getKubernetesSerialization().unmarshal(body, Map.class));

                waiting("the message deleted after the sink accepted it").untilAsserted(() -> {
                    assertThat(messages(queueUrl, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).isZero();
                    assertThat(messages(queueUrl, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).isZero();
                });
                assertThat(sink.next(Duration.ofSeconds(2))).as("a second delivery of the duplicate").isNull();

                assertAdminApiRequeues(worker, source, eventId);
                Sink.Delivery again = sink.next(DELIVERY);
                assertThat(again).as("the requeued event delivered again%s", worker.describeLog()).isNotNull();
                assertThat(again.headers()).containsEntry("ce-id", eventId);
            }
        }
    }

    /** The worker's admin API behind the token Secret the operator created: refused without it, requeues with it. */
    private static void assertAdminApiRequeues(LocalPod worker, WebhookSource source, String eventId) throws Exception {
        Secret tokenSecret = awaitOwned(client, Secret.class, source, ResourceNames.admin(source));
        String token = new String(Base64.getDecoder().decode(tokenSecret.getData().get(AdminToken.KEY)), StandardCharsets.UTF_8);
        HttpRequest.Builder requeue = HttpRequest.newBuilder(worker.uri(ResourceNames.ADMIN_PORT_NAME, "/admin/requeue"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"event-id\": [\"" + eventId + "\"]}"));

        HttpResponse<String> refused = Http.CLIENT.send(requeue.copy().header("Authorization", "Bearer not-" + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).as("a wrong token: %s", refused.body()).isEqualTo(401);
        HttpResponse<String> requeued = Http.CLIENT.send(requeue.header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(requeued.statusCode()).as("requeue: %s", requeued.body()).isEqualTo(200);
        assertThat(client.getKubernetesSerialization().unmarshal(requeued.body(), Map.class)).containsEntry("requeued", List.of(eventId));
    }

    private LocalPod startPod(Deployment deployment) {
        return LocalPod.start(client, deployment, operator.localPodOverrides(), environment.workDir().resolve("pods"),
                environment.logs());
    }

    /** hmac-sha256-v1: X-Signature = hex(HMAC-SHA256(secret, timestamp + "." + body)). */
    private static HttpRequest signedWebhook(URI endpoint, Example example, String body, String traceId)
            throws GeneralSecurityException {
        String secret = example.secret().getStringData().get(example.source().getSpec().getVerification().getSecretRef().getKey());
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        return HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json")
                .header("X-Timestamp", timestamp)
                .header("X-Signature", signature)
                .header("X-Idempotency-Key", "e2e-" + UUID.randomUUID())
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static int messages(String queueUrl, QueueAttributeName attribute) {
        return Integer.parseInt(operator.sqs().getQueueAttributes(request -> request.queueUrl(queueUrl).attributeNames(attribute))
                .attributes().get(attribute));
    }
}
