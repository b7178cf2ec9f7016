package io.hookwarden.e2e;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.hookwarden.api.v1alpha1.WebhookSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The API server under test: one given by a kubeconfig, or the local control plane the suite starts. */
final class Cluster implements AutoCloseable {
    private static final Duration CLEANUP = Duration.ofMinutes(2);

    private final KubernetesClient client;
    private final Path kubeconfig;
    private final Optional<LocalControlPlane> localControlPlane;
    private final List<String> testNamespaces = new ArrayList<>();
    private final List<HasMetadata> testResources = new ArrayList<>();

    private Cluster(KubernetesClient client, Path kubeconfig, Optional<LocalControlPlane> localControlPlane) {
        this.client = client;
        this.kubeconfig = kubeconfig;
        this.localControlPlane = localControlPlane;
    }

    /** Connects to the configured cluster or starts the local one, then applies crds/. */
    static Cluster connect(Path repository, Path workDir, Path logs) {
        Optional<Path> given = Settings.kubeconfig();
        Optional<LocalControlPlane> local = given.isPresent() ? Optional.empty()
                : Optional.of(LocalControlPlane.start(repository, workDir.resolve("control-plane"), logs));
        Path kubeconfig = given.orElseGet(() -> local.orElseThrow().kubeconfig());
        KubernetesClient client = null;
        try {
            Config config = Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
            client = new KubernetesClientBuilder().withConfig(config).build();
            applyCrds(client, repository.resolve("crds"));
            return new Cluster(client, kubeconfig, local);
        } catch (IOException | RuntimeException e) {
            if (client != null) {
                client.close();
            }
            local.ifPresent(LocalControlPlane::close);
            throw e instanceof IOException io ? new UncheckedIOException("cannot read " + kubeconfig + " or crds/", io)
                    : (RuntimeException) e;
        }
    }

    KubernetesClient client() {
        return client;
    }

    Path kubeconfig() {
        return kubeconfig;
    }

    /** What becomes of the Pods of a Deployment here. */
    enum Pods {
        /** No node (a control plane without kwok): Pods stay Pending. */
        NEVER_SCHEDULED,
        /** Only kwok's nodes: Pods are bound and marked ready without running. */
        SIMULATED,
        /** Real nodes (kind or any cluster): containers run. */
        RUN
    }

    Pods pods() {
        List<Node> nodes = client.nodes().list().getItems();
        if (nodes.isEmpty()) {
            return Pods.NEVER_SCHEDULED;
        }
        boolean allSimulated = nodes.stream().allMatch(node -> node.getMetadata().getAnnotations() != null
                && "fake".equals(node.getMetadata().getAnnotations().get("kwok.x-k8s.io/node")));
        return allSimulated ? Pods.SIMULATED : Pods.RUN;
    }

    /** A new namespace, deleted after the suite on a cluster that outlives it. */
    synchronized String createNamespace(String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 6).toLowerCase(Locale.ROOT);
        client.resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        testNamespaces.add(name);
        return name;
    }

    /** Deletes {@code resource} after the suite on a cluster that outlives it (for resources outside test namespaces). */
    synchronized void deleteAfterwards(HasMetadata resource) {
        testResources.add(resource);
    }

    /**
     * On a cluster that outlives the suite, deletes what the tests created and waits until it is gone:
     * WebhookSources carry the operator's finalizer, so this must happen while the operator runs.
     */
    synchronized void deleteTestResources() {
        if (localControlPlane.isPresent()) {
            return;
        }
        testResources.forEach(resource -> client.resource(resource).delete());
        testNamespaces.forEach(namespace -> client.namespaces().withName(namespace).delete());
        await("test resources deleted").atMost(CLEANUP)
                .until(() -> testResources.stream().allMatch(resource -> client.resource(resource).get() == null)
                        && testNamespaces.stream().allMatch(namespace -> client.namespaces().withName(namespace).get() == null));
        testResources.clear();
        testNamespaces.clear();
    }

    @Override
    public void close() {
        try {
            deleteTestResources();
        } finally {
            client.close();
            localControlPlane.ifPresent(LocalControlPlane::close);
        }
    }

    private static void applyCrds(KubernetesClient client, Path directory) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(file -> file.toString().endsWith(".yml") || file.toString().endsWith(".yaml")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("no CRD in " + directory);
        }
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                for (HasMetadata crd : client.load(in).items()) {
                    client.resource(crd).forceConflicts().serverSideApply();
                }
            }
        }
        String name = HasMetadata.getFullResourceName(WebhookSource.class);
        client.resources(CustomResourceDefinition.class).withName(name).waitUntilCondition(Cluster::established,
                1, TimeUnit.MINUTES);
    }

    private static boolean established(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions().stream()
                .anyMatch(condition -> condition.getType().equals("Established") && condition.getStatus().equals("True"));
    }
}
