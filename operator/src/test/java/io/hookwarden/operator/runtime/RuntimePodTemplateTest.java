package io.hookwarden.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.hookwarden.api.runtime.RuntimeJvm;
import io.hookwarden.api.v1alpha1.SecretKeyRef;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.operator.Labels;
import io.hookwarden.operator.testing.Fixtures;
import io.hookwarden.operator.testing.TestOperatorConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RuntimePodTemplateTest {
    private static final String HASH = "0123abcd";

    private static PodTemplateSpec template(WebhookSource source, TestOperatorConfig config) {
        return RuntimePodTemplate.build(source, Labels.Component.WORKER, "worker", new ResourceRequirements(), HASH, config);
    }

    private static PodTemplateSpec ingestTemplate(WebhookSource source) {
        return RuntimePodTemplate.build(source, Labels.Component.INGEST, "serve", new ResourceRequirements(), HASH,
                TestOperatorConfig.onAws());
    }

    private static PodTemplateSpec template(WebhookSource source) {
        return template(source, TestOperatorConfig.onAws());
    }

    private static Container container(PodTemplateSpec template) {
        return template.getSpec().getContainers().get(0);
    }

    private static Map<String, EnvVar> env(PodTemplateSpec template) {
        return container(template).getEnv().stream().collect(Collectors.toMap(EnvVar::getName, Function.identity()));
    }

    private static Map<String, String> mounts(PodTemplateSpec template) {
        return container(template).getVolumeMounts().stream()
                .collect(Collectors.toMap(VolumeMount::getMountPath, VolumeMount::getName));
    }

    @Test
    void podRunsAsNonRootWithoutServiceAccountToken() {
        PodSpec pod = template(Fixtures.source("shop", "stripe")).getSpec();

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(RuntimePodTemplate.RUNTIME_UID);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getServiceAccountName()).isEqualTo("stripe-hookwarden");
    }

    @Test
    void containerHasAReadOnlyRootFilesystemAndNoCapabilities() {
        PodTemplateSpec template = template(Fixtures.source("shop", "stripe"));
        Container container = container(template);

        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(mounts(template)).containsEntry("/tmp", "tmp");
    }

    @Test
    void runtimeReadsTheManifestFromTheMountedConfigMap() {
        PodTemplateSpec template = template(Fixtures.source("shop", "stripe"));

        assertThat(env(template).get("HOOKWARDEN_SOURCES").getValue()).isEqualTo("/etc/hookwarden/sources");
        assertThat(mounts(template)).containsEntry("/etc/hookwarden/sources", "config");
        assertThat(template.getSpec().getVolumes()).filteredOn(volume -> volume.getName().equals("config"))
                .singleElement()
                .satisfies(volume -> assertThat(volume.getConfigMap().getName()).isEqualTo("stripe-hookwarden-config"));
    }

    @Test
    void eachSecretIsMountedUnderTheSecretsRootWithOnlyItsReferencedKeys() {
        WebhookSource source = Fixtures.source("shop", "stripe");
        source.getSpec().getVerification().setAdditionalSecretRefs(List.of(
                new SecretKeyRef(Fixtures.SIGNING_SECRET, "previous"), new SecretKeyRef("rotation", "next")));
        PodTemplateSpec template = template(source);

        assertThat(env(template).get("HOOKWARDEN_SECRETS_PATH").getValue()).isEqualTo("/var/run/hookwarden/secrets");
        assertThat(mounts(template)).containsEntry("/var/run/hookwarden/secrets/signing", "secret-0")
                .containsEntry("/var/run/hookwarden/secrets/rotation", "secret-1");
        Volume signing = template.getSpec().getVolumes().stream().filter(v -> v.getName().equals("secret-0"))
                .findFirst().orElseThrow();
        assertThat(signing.getSecret().getSecretName()).isEqualTo(Fixtures.SIGNING_SECRET);
        assertThat(signing.getSecret().getItems()).extracting(KeyToPath::getKey).containsExactly(Fixtures.SIGNING_KEY, "previous");
        assertThat(signing.getSecret().getDefaultMode()).isEqualTo(0440);
    }

    @Test
    void databaseCredentialsComeFromTheDatabaseSecretNeverInline() {
        Map<String, EnvVar> env = env(template(Fixtures.source("shop", "stripe")));

        for (String name : List.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD")) {
            assertThat(env.get(name).getValue()).as(name).isNull();
            assertThat(env.get(name).getValueFrom().getSecretKeyRef().getName()).as(name)
                    .isEqualTo(TestOperatorConfig.DATABASE_SECRET);
        }
    }

    @Test
    void runtimeReachesSqsByItsOwnEndpointWhenOneIsSet() {
        TestOperatorConfig config = new TestOperatorConfig(Optional.of("http://127.0.0.1:9324"),
                Optional.of("http://elasticmq:9324"));

        Map<String, EnvVar> env = env(template(Fixtures.source("shop", "stripe"), config));

        assertThat(env.get("HOOKWARDEN_SQS_ENDPOINT").getValue()).isEqualTo("http://elasticmq:9324");
        assertThat(env.get("HOOKWARDEN_SQS_REGION").getValue()).isEqualTo(TestOperatorConfig.REGION);
    }

    @Test
    void onAwsTheRuntimeUsesTheRegionalSqsEndpoint() {
        assertThat(env(template(Fixtures.source("shop", "stripe")))).doesNotContainKey("HOOKWARDEN_SQS_ENDPOINT");
    }

    @Test
    void theJvmGetsAHeapCapOfItsOwnRatherThanOneSizedFromTheNodesMemory() {
        assertThat(env(template(Fixtures.source("shop", "stripe"))).get("JAVA_TOOL_OPTIONS").getValue())
                .isEqualTo(RuntimeJvm.OPTIONS).contains("-Xmx");
    }

    @Test
    void probesAndPortsAreTheRuntimesEndpoints() {
        Container container = container(template(Fixtures.source("shop", "stripe")));

        assertThat(container.getPorts()).extracting(port -> port.getName() + ":" + port.getContainerPort())
                .containsExactly("http:8080", "admin:9090", "management:9000");
        assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("management");
        assertThat(container.getArgs()).containsExactly("worker");
    }

    @Test
    void configurationHashRollsThePods() {
        assertThat(template(Fixtures.source("shop", "stripe")).getMetadata().getAnnotations())
                .containsEntry(RuntimePodTemplate.CONFIG_HASH_ANNOTATION, HASH);
    }

    @Test
    void ingestPodsServeTlsFromTheMountedCertificateAndRequireClientsOfTheMountedCa() {
        PodTemplateSpec template = ingestTemplate(Fixtures.withMtls(Fixtures.source("shop", "stripe")));

        Map<String, EnvVar> env = env(template);
        assertThat(env.get("HOOKWARDEN_TLS_CERTIFICATE_FILE").getValue()).isEqualTo("/var/run/hookwarden/secrets/hooks-tls/tls.crt");
        assertThat(env.get("HOOKWARDEN_TLS_PRIVATE_KEY_FILE").getValue()).isEqualTo("/var/run/hookwarden/secrets/hooks-tls/tls.key");
        assertThat(env.get("HOOKWARDEN_TLS_CLIENT_CA_FILE").getValue()).isEqualTo("/var/run/hookwarden/secrets/producers-ca/ca.crt");
        assertThat(mounts(template)).containsKeys("/var/run/hookwarden/secrets/hooks-tls", "/var/run/hookwarden/secrets/producers-ca");
        assertThat(template.getSpec().getVolumes()).filteredOn(volume -> volume.getSecret() != null
                && volume.getSecret().getSecretName().equals("hooks-tls")).singleElement()
                .satisfies(volume -> assertThat(volume.getSecret().getItems()).extracting(KeyToPath::getKey)
                        .containsExactly("tls.crt", "tls.key"));
    }

    @Test
    void workerPodsNeverMountTheIngestTlsKey() {
        PodTemplateSpec template = template(Fixtures.withMtls(Fixtures.source("shop", "stripe")));

        assertThat(env(template)).doesNotContainKeys("HOOKWARDEN_TLS_CERTIFICATE_FILE", "HOOKWARDEN_TLS_PRIVATE_KEY_FILE",
                "HOOKWARDEN_TLS_CLIENT_CA_FILE");
        assertThat(template.getSpec().getVolumes()).noneMatch(volume -> volume.getSecret() != null
                && volume.getSecret().getSecretName().equals("hooks-tls"));
    }
}
