package io.hookwarden.operator.runtime;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.hookwarden.api.runtime.RuntimeEndpoints;
import io.hookwarden.api.runtime.RuntimeJvm;
import io.hookwarden.api.runtime.RuntimeMounts;
import io.hookwarden.api.runtime.RuntimeSettings;
import io.hookwarden.api.v1alpha1.IngestTls;
import io.hookwarden.api.v1alpha1.SecretKeyRef;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.operator.Labels;
import io.hookwarden.operator.OperatorConfig;
import io.hookwarden.operator.ResourceNames;
import io.hookwarden.operator.admin.AdminToken;
import io.hookwarden.operator.secrets.SecretResolver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pod both the ingest and the worker Deployment run: the runtime image with one command,
 * hardened (non-root, read-only root filesystem, no capabilities, RuntimeDefault seccomp), with the
 * configuration mounted as the runtime's config contract says.
 */
public final class RuntimePodTemplate {
    /** Changes with the ConfigMap's content, so the pods roll; Secrets are re-read in place instead. */
    public static final String CONFIG_HASH_ANNOTATION = "hookwarden.io/config-hash";
    /** Non-root ids for images that name no numeric user; group-readable secret files need the group. */
    static final long RUNTIME_UID = 10001L;
    private static final int SECRET_FILE_MODE = 0440;

    private RuntimePodTemplate() {
    }

    public static PodTemplateSpec build(WebhookSource source, String component, String command,
            ResourceRequirements resources, String configHash, OperatorConfig config) {
        return new PodTemplateSpecBuilder()
                .withNewMetadata()
                .withLabels(Labels.of(source, component))
                .withAnnotations(Map.of(CONFIG_HASH_ANNOTATION, configHash))
                .endMetadata()
                .withNewSpec()
                .withServiceAccountName(ResourceNames.runtime(source))
                .withAutomountServiceAccountToken(false)
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withRunAsUser(RUNTIME_UID)
                .withRunAsGroup(RUNTIME_UID)
                .withFsGroup(RUNTIME_UID)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .withTopologySpreadConstraints(new TopologySpreadConstraintBuilder()
                        .withMaxSkew(1)
                        .withTopologyKey("kubernetes.io/hostname")
                        .withWhenUnsatisfiable("ScheduleAnyway")
                        .withLabelSelector(new LabelSelectorBuilder().withMatchLabels(Labels.selector(source, component)).build())
                        .build())
                .withContainers(container(source, component, command, resources, config))
                .withVolumes(volumes(source, component))
                .endSpec()
                .build();
    }

    private static Container container(WebhookSource source, String component, String command,
            ResourceRequirements resources, OperatorConfig config) {
        return new ContainerBuilder()
                .withName(component)
                .withImage(config.runtimeImage())
                .withImagePullPolicy(config.imagePullPolicy())
                .withArgs(command)
                .withEnv(env(source, component, config))
                .addNewPort().withName(ResourceNames.CONTAINER_PORT_NAME).withContainerPort(RuntimeEndpoints.HTTP_PORT)
                .withProtocol("TCP").endPort()
                .addNewPort().withName(ResourceNames.ADMIN_PORT_NAME).withContainerPort(RuntimeEndpoints.ADMIN_PORT)
                .withProtocol("TCP").endPort()
                .addNewPort().withName(ResourceNames.MANAGEMENT_PORT_NAME).withContainerPort(RuntimeEndpoints.MANAGEMENT_PORT)
                .withProtocol("TCP").endPort()
                .withResources(resources)
                // Startup allows for schema migrations; liveness then only restarts a hung JVM.
                .withStartupProbe(probe(RuntimeEndpoints.LIVENESS_PATH, 60))
                .withLivenessProbe(probe(RuntimeEndpoints.LIVENESS_PATH, 3))
                .withReadinessProbe(probe(RuntimeEndpoints.READINESS_PATH, 3))
                .withSecurityContext(new SecurityContextBuilder()
                        .withAllowPrivilegeEscalation(false)
                        .withReadOnlyRootFilesystem(true)
                        .withRunAsNonRoot(true)
                        .withCapabilities(new Capabilities(null, List.of("ALL")))
                        .build())
                .withVolumeMounts(volumeMounts(source, component))
                .build();
    }

    private static List<EnvVar> env(WebhookSource source, String component, OperatorConfig config) {
        List<EnvVar> env = new ArrayList<>();
        env.add(setting(RuntimeSettings.SOURCES, RuntimeMounts.SOURCES_PATH));
        env.add(setting(RuntimeSettings.SECRETS_PATH, RuntimeMounts.SECRETS_PATH));
        env.add(setting(RuntimeSettings.SQS_REGION, config.sqs().region()));
        config.runtime().sqsEndpoint().or(() -> config.sqs().endpoint())
                .ifPresent(endpoint -> env.add(setting(RuntimeSettings.SQS_ENDPOINT, endpoint)));
        env.add(fromDatabaseSecret(RuntimeSettings.DATASOURCE_JDBC_URL, SecretResolver.JDBC_URL_KEY, config));
        env.add(fromDatabaseSecret(RuntimeSettings.DATASOURCE_USERNAME, SecretResolver.USERNAME_KEY, config));
        env.add(fromDatabaseSecret(RuntimeSettings.DATASOURCE_PASSWORD, SecretResolver.PASSWORD_KEY, config));
        if (Labels.Component.WORKER.equals(component)) {
            env.add(secretFileSetting(RuntimeSettings.ADMIN_TOKEN_FILE, AdminToken.of(source)));
        }
        IngestTls tls = source.getSpec().getIngest().getTls();
        if (Labels.Component.INGEST.equals(component) && tls != null) {
            env.add(secretFileSetting(RuntimeSettings.TLS_CERTIFICATE_FILE, tls.certificateRef()));
            env.add(secretFileSetting(RuntimeSettings.TLS_PRIVATE_KEY_FILE, tls.privateKeyRef()));
            tls.clientCaRef().ifPresent(ca -> env.add(secretFileSetting(RuntimeSettings.TLS_CLIENT_CA_FILE, ca)));
        }
        env.add(new EnvVar(RuntimeJvm.ENV, RuntimeJvm.OPTIONS, null));
        return env;
    }

    private static EnvVar setting(String property, String value) {
        return new EnvVar(RuntimeSettings.env(property), value, null);
    }

    /** A setting naming the file a mounted Secret key is (see {@link #keysBySecret}). */
    private static EnvVar secretFileSetting(String property, SecretKeyRef ref) {
        return setting(property, RuntimeMounts.secretFile(ref.getName(), ref.getKey()));
    }

    private static EnvVar fromDatabaseSecret(String property, String key, OperatorConfig config) {
        return new EnvVarBuilder().withName(RuntimeSettings.env(property))
                .withNewValueFrom().withNewSecretKeyRef(key, config.databaseSecret(), false).endValueFrom()
                .build();
    }

    private static Probe probe(String path, int failureThreshold) {
        return new ProbeBuilder()
                .withNewHttpGet().withPath(path).withPort(new IntOrString(ResourceNames.MANAGEMENT_PORT_NAME)).endHttpGet()
                .withPeriodSeconds(5)
                .withTimeoutSeconds(2)
                .withFailureThreshold(failureThreshold)
                .build();
    }

    private static List<Volume> volumes(WebhookSource source, String component) {
        List<Volume> volumes = new ArrayList<>();
        volumes.add(new VolumeBuilder().withName("config")
                .withNewConfigMap().withName(ResourceNames.configMap(source)).endConfigMap().build());
        volumes.add(new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build());
        List<Map.Entry<String, List<String>>> secrets = List.copyOf(keysBySecret(source, component).entrySet());
        for (int i = 0; i < secrets.size(); i++) {
            volumes.add(new VolumeBuilder().withName(secretVolume(i))
                    .withNewSecret()
                    .withSecretName(secrets.get(i).getKey())
                    .withDefaultMode(SECRET_FILE_MODE)
                    // Only the referenced keys: the pod sees nothing else the Secret holds.
                    .withItems(secrets.get(i).getValue().stream().map(key -> new KeyToPath(key, null, key)).toList())
                    .endSecret()
                    .build());
        }
        return volumes;
    }

    private static List<VolumeMount> volumeMounts(WebhookSource source, String component) {
        List<VolumeMount> mounts = new ArrayList<>();
        mounts.add(new VolumeMountBuilder().withName("config").withMountPath(RuntimeMounts.SOURCES_PATH).withReadOnly(true).build());
        mounts.add(new VolumeMountBuilder().withName("tmp").withMountPath(RuntimeMounts.TMP_PATH).build());
        List<String> secretNames = List.copyOf(keysBySecret(source, component).keySet());
        for (int i = 0; i < secretNames.size(); i++) {
            mounts.add(new VolumeMountBuilder().withName(secretVolume(i))
                    .withMountPath(RuntimeMounts.secretDirectory(secretNames.get(i))).withReadOnly(true).build());
        }
        return mounts;
    }

    /** Volume names by position: a Secret name may be longer than a volume name may be. */
    private static String secretVolume(int index) {
        return "secret-" + index;
    }

    /**
     * The verification secrets; on worker pods also the admin API's token, which ingest pods never see; on ingest
     * pods the TLS certificate, key and client CA, which worker pods never see.
     */
    private static Map<String, List<String>> keysBySecret(WebhookSource source, String component) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        List<SecretKeyRef> refs = new ArrayList<>(source.getSpec().getVerification().allSecretRefs());
        if (Labels.Component.WORKER.equals(component)) {
            refs.add(AdminToken.of(source));
        }
        IngestTls tls = source.getSpec().getIngest().getTls();
        if (Labels.Component.INGEST.equals(component) && tls != null) {
            refs.addAll(tls.secretRefs());
        }
        for (SecretKeyRef ref : refs) {
            List<String> secretKeys = keys.computeIfAbsent(ref.getName(), name -> new ArrayList<>());
            if (!secretKeys.contains(ref.getKey())) {
                secretKeys.add(ref.getKey());
            }
        }
        return keys;
    }
}
