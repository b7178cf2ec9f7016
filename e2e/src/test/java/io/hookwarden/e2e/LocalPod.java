package io.hookwarden.e2e;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hookwarden.operator.ResourceNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs the container of a Deployment the operator wrote as a process here, the way a kubelet would: the
 * runtime jar stands for the image; the container's args, its environment (secretKeyRef and configMapKeyRef
 * read from the cluster) and its ConfigMap, Secret and emptyDir volumes, written at their mount paths under
 * a local directory that stands for the pod's filesystem (environment values naming such paths point there).
 * Its named ports (webhooks, management, admin) are free ports of 127.0.0.1.
 */
final class LocalPod implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofMinutes(2);

    private final LoggedProcess process;
    /** Each named container port, as a free port of 127.0.0.1. */
    private final Map<String, Integer> ports;

    private LocalPod(LoggedProcess process, Map<String, Integer> ports) {
        this.process = process;
        this.ports = ports;
    }

    /**
     * @param overrides environment set last (the addresses of PostgreSQL and SQS as seen from here)
     * @param root      where the pod's volumes are written, at their mount paths under root/DEPLOYMENT
     */
    static LocalPod start(KubernetesClient client, Deployment deployment, Map<String, String> overrides, Path root, Path logs) {
        String name = deployment.getMetadata().getName();
        String namespace = deployment.getMetadata().getNamespace();
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        if (pod.getContainers().size() != 1) {
            throw new IllegalStateException("Deployment " + name + " has " + pod.getContainers().size() + " containers, expected 1");
        }
        Container container = pod.getContainers().get(0);
        if (container.getCommand() != null && !container.getCommand().isEmpty()) {
            throw new IllegalStateException("Deployment " + name + " overrides the image's command: " + container.getCommand());
        }
        PodReferences resources = new PodReferences(client, namespace);
        Path filesystem = Directories.recreate(root.resolve(name));
        Map<String, Volume> volumes = new LinkedHashMap<>();
        pod.getVolumes().forEach(volume -> volumes.put(volume.getName(), volume));
        for (VolumeMount mount : container.getVolumeMounts()) {
            if (mount.getSubPath() != null) {
                throw new IllegalStateException("subPath mounts are not supported: " + mount);
            }
            project(resources, Objects.requireNonNull(volumes.get(mount.getName()), "volume " + mount.getName()),
                    inPod(filesystem, mount.getMountPath()));
        }

        Map<String, String> environment = new LinkedHashMap<>(OperatorUnderTest.AWS_CREDENTIALS);
        for (EnvVar variable : container.getEnv()) {
            environment.put(variable.getName(), remap(value(resources, variable), filesystem));
        }
        environment.putAll(overrides);

        Map<String, Integer> ports = Map.of(
                ResourceNames.CONTAINER_PORT_NAME, FreePort.find(),
                ResourceNames.MANAGEMENT_PORT_NAME, FreePort.find(),
                ResourceNames.ADMIN_PORT_NAME, FreePort.find());
        Map<String, String> properties = Map.of(
                "quarkus.http.host", "127.0.0.1",
                "quarkus.http.port", String.valueOf(ports.get(ResourceNames.CONTAINER_PORT_NAME)),
                "quarkus.management.host", "127.0.0.1",
                "quarkus.management.port", String.valueOf(ports.get(ResourceNames.MANAGEMENT_PORT_NAME)),
                "hookwarden.admin.host", "127.0.0.1",
                "hookwarden.admin.port", String.valueOf(ports.get(ResourceNames.ADMIN_PORT_NAME)),
                "quarkus.log.console.json.enabled", "false");
        LoggedProcess process = LoggedProcess.startJar(name, Settings.runtimeJar(), properties, container.getArgs(),
                environment, logs.resolve(name + ".log"));
        LocalPod started = new LocalPod(process, ports);
        try {
            Http.awaitOk(started.uri(container.getReadinessProbe().getHttpGet().getPort().getStrVal(),
                    container.getReadinessProbe().getHttpGet().getPath()), process, STARTUP);
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        return started;
    }

    URI http(String path) {
        return uri(ResourceNames.CONTAINER_PORT_NAME, path);
    }

    /** {@code path} on the container port named {@code port}. */
    URI uri(String port, String path) {
        if (!ports.containsKey(port)) {
            throw new IllegalStateException("port " + port + " is not one this runner maps: " + ports.keySet());
        }
        return URI.create("http://127.0.0.1:" + ports.get(port) + path);
    }

    String describeLog() {
        return process.describeLog();
    }

    @Override
    public void close() {
        process.close();
    }

    private static void project(PodReferences resources, Volume volume, Path directory) {
        if (volume.getConfigMap() != null) {
            writeKeys(directory, resources.configMap(volume.getConfigMap().getName()).getData(), volume.getConfigMap().getItems());
        } else if (volume.getSecret() != null) {
            writeKeys(directory, decoded(resources.secret(volume.getSecret().getSecretName())), volume.getSecret().getItems());
        } else if (volume.getEmptyDir() != null) {
            writeKeys(directory, Map.of(), List.of());
        } else {
            throw new IllegalStateException("volume " + volume.getName() + " is of a kind this runner does not support");
        }
    }

    /** All keys as files, or only the listed items at their paths, as a kubelet projects them. */
    private static void writeKeys(Path directory, Map<String, String> data, List<KeyToPath> items) {
        try {
            Files.createDirectories(directory);
            Map<String, String> files = new LinkedHashMap<>();
            if (items == null || items.isEmpty()) {
                files.putAll(data);
            } else {
                items.forEach(item -> files.put(item.getPath(),
                        Objects.requireNonNull(data.get(item.getKey()), "key " + item.getKey() + " is missing")));
            }
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = directory.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String value(PodReferences resources, EnvVar variable) {
        EnvVarSource from = variable.getValueFrom();
        if (from == null) {
            return variable.getValue();
        }
        if (from.getSecretKeyRef() != null) {
            return decoded(resources.secret(from.getSecretKeyRef().getName())).get(from.getSecretKeyRef().getKey());
        }
        if (from.getConfigMapKeyRef() != null) {
            return resources.configMap(from.getConfigMapKeyRef().getName()).getData().get(from.getConfigMapKeyRef().getKey());
        }
        throw new IllegalStateException("environment variable " + variable.getName() + " comes from a source this runner does not support");
    }

    /** A value naming a path the mounts created in the pod names the same path in the local stand-in. */
    private static String remap(String value, Path filesystem) {
        if (value == null || !value.startsWith("/") || !Files.exists(inPod(filesystem, value))) {
            return value;
        }
        return inPod(filesystem, value).toString();
    }

    /** The pod's filesystem, as far as its volumes make it, is the directory {@code filesystem}. */
    private static Path inPod(Path filesystem, String absolutePath) {
        return filesystem.resolve(absolutePath.substring(1));
    }

    private static Map<String, String> decoded(Secret secret) {
        Map<String, String> data = new LinkedHashMap<>();
        secret.getData().forEach((key, value) -> data.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
        return data;
    }

    /** Reads what the pod refers to, failing clearly when it is missing (where a kubelet would not start the pod). */
    private record PodReferences(KubernetesClient client, String namespace) {
        Secret secret(String name) {
            return Objects.requireNonNull(client.secrets().inNamespace(namespace).withName(name).get(),
                    "Secret " + namespace + "/" + name);
        }

        ConfigMap configMap(String name) {
            return Objects.requireNonNull(client.configMaps().inNamespace(namespace).withName(name).get(),
                    "ConfigMap " + namespace + "/" + name);
        }
    }
}
