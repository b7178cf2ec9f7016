package io.hookwarden.runtime.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookwarden.runtime.config.ConfigException;
import io.hookwarden.runtime.config.FileSecretStore;
import io.hookwarden.runtime.config.ManifestSecretStore;
import io.hookwarden.runtime.config.Manifests;
import io.hookwarden.runtime.config.SourceRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Manifests read without an API server get the same checks, and errors that say what to fix. */
class ActiveSourcesTest {
    private static final String SECRET = """
            apiVersion: v1
            kind: Secret
            metadata: {name: hooks, namespace: team}
            data: {key: c2VjcmV0}
            ---
            """;

    @TempDir
    Path dir;

    @Test
    void exampleManifestLoadsWithItsSecret() {
        ActiveSources registry = registry(Manifests.load(Path.of("../examples/webhooksource.yaml")));
        ActiveSource source = registry.get("wordpress");
        assertThat(source.secrets()).hasSize(1);
        assertThat(source.config().queueName()).isEqualTo("hookwarden-default-wordpress");
        assertThat(source.config().spec().effectiveMaxBodyBytes()).isEqualTo(524288);
    }

    @Test
    void base64SecretDataIsDecoded() throws IOException {
        ActiveSources registry = registry(load(SECRET + source("a", "{name: hooks, key: key}")));
        assertThat(new String(registry.get("a").secrets().get(0), StandardCharsets.UTF_8)).isEqualTo("secret");
    }

    @Test
    void missingSecretIsNamedInTheError() throws IOException {
        Manifests manifests = load(source("a", "{name: absent, key: key}"));
        assertThatThrownBy(() -> registry(manifests)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("WebhookSource team/a").hasMessageContaining("Secret team/absent not found");
    }

    @Test
    void missingSecretKeyIsNamedInTheError() throws IOException {
        Manifests manifests = load(SECRET + source("a", "{name: hooks, key: nope}"));
        assertThatThrownBy(() -> registry(manifests)).hasMessageContaining("has no key nope");
    }

    @Test
    void unknownSchemeIsRejectedWithTheFileAndDocument() throws IOException {
        Path file = write(SECRET + source("a", "{name: hooks, key: key}").replace("hmac-sha256-v1", "md5"));
        assertThatThrownBy(() -> Manifests.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("document 2 (WebhookSource)").hasMessageContaining("md5");
    }

    @Test
    void reservedNameIngestIsRejected() throws IOException {
        Manifests manifests = load(SECRET + source("ingest", "{name: hooks, key: key}"));
        assertThatThrownBy(() -> registry(manifests)).hasMessageContaining("reserved");
    }

    @Test
    void fifoWithoutOrderingKeyIsRejected() throws IOException {
        Manifests manifests = load(SECRET + source("a", "{name: hooks, key: key}") + "  queue: {type: fifo}\n");
        assertThatThrownBy(() -> registry(manifests)).hasMessageContaining("orderingKey");
    }

    @Test
    void rotatedSecretFileIsPickedUpOnRefresh() throws IOException {
        Path secrets = Files.createDirectories(dir.resolve("secrets/hooks"));
        Files.writeString(secrets.resolve("key"), "old");
        ActiveSources registry = new ActiveSources(new SourceRegistry(load(source("a", "{name: hooks, key: key}")).sources()),
                new FileSecretStore(dir.resolve("secrets")), new SimpleMeterRegistry());
        Files.writeString(secrets.resolve("key"), "new");
        registry.refreshSecrets();
        assertThat(new String(registry.get("a").secrets().get(0), StandardCharsets.UTF_8)).isEqualTo("new");
    }

    @Test
    void unreadableRotatedSecretKeepsTheCurrentOne() throws IOException {
        Path secrets = Files.createDirectories(dir.resolve("secrets/hooks"));
        Files.writeString(secrets.resolve("key"), "old");
        ActiveSources registry = new ActiveSources(new SourceRegistry(load(source("a", "{name: hooks, key: key}")).sources()),
                new FileSecretStore(dir.resolve("secrets")), new SimpleMeterRegistry());
        Files.delete(secrets.resolve("key"));
        registry.refreshSecrets();
        assertThat(new String(registry.get("a").secrets().get(0), StandardCharsets.UTF_8)).isEqualTo("old");
    }

    private static String source(String name, String secretRef) {
        return """
                apiVersion: hookwarden.io/v1alpha1
                kind: WebhookSource
                metadata: {name: %s, namespace: team}
                spec:
                  verification: {scheme: hmac-sha256-v1, secretRef: %s}
                """.formatted(name, secretRef);
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("manifests.yaml"), yaml);
    }

    private Manifests load(String yaml) throws IOException {
        return Manifests.load(write(yaml));
    }

    private static ActiveSources registry(Manifests manifests) {
        return new ActiveSources(new SourceRegistry(manifests.sources()), new ManifestSecretStore(manifests.secrets()),
                new SimpleMeterRegistry());
    }
}
