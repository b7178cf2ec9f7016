package io.hookwarden.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hookwarden.api.v1alpha1.QueueType;
import io.hookwarden.api.v1alpha1.WebhookSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The API server enforces crds/: the example is accepted; schema and CEL rules reject what the runtime could not run. */
@ExtendWith(E2eEnvironment.Extension.class)
class CrdValidationIT {
    private static KubernetesClient client;
    /** Its own namespace: whatever other tests left in the example's namespace does not matter here. */
    private static String namespace;

    @BeforeAll
    static void connect(E2eEnvironment environment) {
        client = environment.cluster().client();
        namespace = environment.cluster().createNamespace("e2e-crd");
    }

    @Test
    void crdIsEstablishedWithItsPrinterColumns() {
        CustomResourceDefinition crd = client.resources(CustomResourceDefinition.class)
                .withName(HasMetadata.getFullResourceName(WebhookSource.class)).get();
        assertThat(crd.getSpec().getVersions()).singleElement().satisfies(version -> {
            assertThat(version.getName()).isEqualTo(WebhookSource.VERSION);
            assertThat(version.getAdditionalPrinterColumns()).extracting(column -> column.getName())
                    .contains("Ready", "Scheme", "Endpoint", "Queue");
        });
    }

    @Test
    void exampleIsAccepted() {
        Example example = Example.load(client).inNamespace(namespace);
        assertThat(client.resource(example.secret()).dryRun().create().getMetadata().getName())
                .isEqualTo(example.secret().getMetadata().getName());
        WebhookSource accepted = client.resource(example.source()).dryRun().create();
        assertThat(accepted.getSpec().getVerification().getScheme()).isEqualTo(example.source().getSpec().getVerification().getScheme());
        assertThat(accepted.getMetadata().getUid()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSources")
    void invalidSourceIsRejected(String what, List<Edit> edits, String field, String message) {
        Map<String, Object> fields = client.getKubernetesSerialization()
                .convertValue(Example.load(client).inNamespace(namespace).source(), Map.class);
        edits.forEach(edit -> edit.applyTo(fields));
        GenericKubernetesResource source = client.getKubernetesSerialization().convertValue(fields, GenericKubernetesResource.class);

        assertThatThrownBy(() -> client.resource(source).dryRun().create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).as("HTTP status").isEqualTo(422);
                    assertThat(e.getStatus().getMessage()).contains(field).contains(message);
                });
    }

    static Stream<Arguments> invalidSources() {
        return Stream.of(
                invalid("unknown signature scheme", "spec.verification.scheme", "Unsupported value: \"md5\"",
                        set("spec.verification.scheme", "md5")),
                invalid("negative maxBodyBytes", "spec.maxBodyBytes", "should be greater than or equal to 1",
                        set("spec.maxBodyBytes", -1)),
                invalid("maxBodyBytes over 16 MiB", "spec.maxBodyBytes", "should be less than or equal to 16777216",
                        set("spec.maxBodyBytes", 16 * 1024 * 1024 + 1)),
                invalid("fifo queue without orderingKey", "spec", "queue.type fifo requires queue.orderingKey",
                        set("spec.queue.type", "fifo")),
                invalid("unknown deletionPolicy", "spec.queue.deletionPolicy", "Unsupported value: \"Keep\"",
                        set("spec.queue.deletionPolicy", "Keep")),
                invalid("idempotency key from a cookie", "spec.idempotency.keyFrom", "should match",
                        set("spec.idempotency.keyFrom", "cookie:id")),
                invalid("retention without a unit", "spec.idempotency.retention", "should match",
                        set("spec.idempotency.retention", "72")),
                invalid("rate limit without requestsPerSecond", "spec.rateLimit.requestsPerSecond", "Required value",
                        remove("spec.rateLimit.requestsPerSecond")),
                invalid("no secretRef", "spec.verification", "secretRef is required",
                        remove("spec.verification.secretRef")),
                invalid("hubspot-v3 without publicUrl", "spec.verification", "set publicUrl",
                        set("spec.verification.scheme", "hubspot-v3")),
                invalid("toleranceSeconds for a scheme that signs no timestamp", "spec.verification",
                        "this scheme signs no timestamp", set("spec.verification.scheme", "github")),
                invalid("autoscaling without a CPU request", "spec.ingest", "ingest.autoscaling needs ingest.resources.requests.cpu",
                        set("spec.ingest.autoscaling.maxReplicas", 3)),
                invalid("autoscaling minReplicas above maxReplicas", "spec.ingest.autoscaling",
                        "autoscaling.minReplicas must not exceed autoscaling.maxReplicas",
                        set("spec.ingest.autoscaling.maxReplicas", 2), set("spec.ingest.autoscaling.minReplicas", 5),
                        set("spec.ingest.resources.requests.cpu", "250m")),
                invalid("sink that is not HTTP", "spec.sink.url", "should match", set("spec.sink.url", "ftp://sink.example")),
                invalid("retry backoff above its cap", "spec.sink.retry", "retry.initialBackoffSeconds must not exceed",
                        set("spec.sink.url", "https://sink.example"), set("spec.sink.retry.initialBackoffSeconds", 120),
                        set("spec.sink.retry.maxBackoffSeconds", 60)),
                invalid("exposed on a host name that is not one", "spec.ingest.expose.host", "should match",
                        set("spec.ingest.expose.host", "Hooks_Example.com")),
                invalid("exposed without a host", "spec.ingest.expose.host", "Required value",
                        set("spec.ingest.expose.ingressClassName", "nginx")),
                invalid("TLS without its Secret", "spec.ingest.tls.secretName", "Required value",
                        set("spec.ingest.tls.clientCertificate.caSecretRef.name", "producers-ca"),
                        set("spec.ingest.tls.clientCertificate.caSecretRef.key", "ca.crt")),
                invalid("mTLS without a CA bundle", "spec.ingest.tls.clientCertificate.caSecretRef.key", "Required value",
                        set("spec.ingest.tls.secretName", "hooks-tls"),
                        set("spec.ingest.tls.clientCertificate.caSecretRef.name", "producers-ca")),
                invalid("admin token reference without a key", "spec.worker.adminTokenSecretRef.key", "Required value",
                        set("spec.worker.adminTokenSecretRef.name", "ops-token")),
                invalid("reserved name", "", "the name 'ingest' is reserved", set("metadata.name", "ingest")),
                invalid("name over 45 characters", "", "a WebhookSource name has at most 45 characters",
                        set("metadata.name", "w".repeat(46))));
    }

    @Test
    void queueTypeCannotChange() {
        Example example = Example.load(client).inNamespace(namespace);
        example.source().getMetadata().setName("queue-type-change");
        WebhookSource created = client.resource(example.source()).create();
        try {
            example.source().getSpec().getQueue().setType(QueueType.FIFO);
            example.source().getSpec().getQueue().setOrderingKey("/id");
            assertThatThrownBy(() -> client.resource(example.source()).dryRun().forceConflicts().serverSideApply())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                        assertThat(e.getCode()).isEqualTo(422);
                        assertThat(e.getStatus().getMessage()).contains("spec.queue.type")
                                .contains("queue.type cannot change: SQS cannot convert a queue between standard and fifo");
                    });
        } finally {
            client.resource(created).delete();
        }
    }

    private static Arguments invalid(String what, String field, String message, Edit... edits) {
        return Arguments.of(what, List.of(edits), field, message);
    }

    private static Edit set(String path, Object value) {
        return new Edit(path, value);
    }

    private static Edit remove(String path) {
        return new Edit(path, null);
    }

    /** Sets (or, with a null value, removes) the field at a dotted path, creating the objects on the way. */
    record Edit(String path, Object value) {
        @SuppressWarnings("unchecked")
        void applyTo(Map<String, Object> resource) {
            List<String> keys = List.of(path.split("\\."));
            Map<String, Object> object = resource;
            for (String key : keys.subList(0, keys.size() - 1)) {
                object = (Map<String, Object>) object.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
            }
            String last = keys.get(keys.size() - 1);
            if (value == null) {
                object.remove(last);
            } else {
                object.put(last, value);
            }
        }
    }
}
