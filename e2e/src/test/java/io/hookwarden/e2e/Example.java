package io.hookwarden.e2e;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hookwarden.api.v1alpha1.WebhookSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** examples/webhooksource.yaml, read anew on each call: the Secret and the WebhookSource that uses it. */
record Example(Secret secret, WebhookSource source) {
    static Path file() {
        return Settings.repository().resolve("examples/webhooksource.yaml");
    }

    static Example load(KubernetesClient client) {
        List<HasMetadata> items;
        try (InputStream in = Files.newInputStream(file())) {
            items = client.load(in).items();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KubernetesSerialization serialization = client.getKubernetesSerialization();
        return new Example(
                serialization.convertValue(only(items, "Secret"), Secret.class),
                serialization.convertValue(only(items, WebhookSource.KIND), WebhookSource.class));
    }

    /** The same two objects in another namespace. */
    Example inNamespace(String namespace) {
        secret.getMetadata().setNamespace(namespace);
        source.getMetadata().setNamespace(namespace);
        return this;
    }

    /** Creates (or replaces) both, the Secret first. */
    Example apply(KubernetesClient client) {
        client.resource(secret).forceConflicts().serverSideApply();
        client.resource(source).forceConflicts().serverSideApply();
        return this;
    }

    private static HasMetadata only(List<HasMetadata> items, String kind) {
        List<HasMetadata> matching = items.stream().filter(item -> item.getKind().equals(kind)).toList();
        if (matching.size() != 1) {
            throw new IllegalStateException(file() + " should hold exactly one " + kind + ", holds " + matching.size());
        }
        return matching.get(0);
    }
}
