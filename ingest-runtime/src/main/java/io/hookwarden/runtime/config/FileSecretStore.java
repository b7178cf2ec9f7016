package io.hookwarden.runtime.config;

import io.hookwarden.api.v1alpha1.SecretKeyRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * In-cluster: each referenced Secret is mounted as a directory {@code <root>/<secret name>/<key>}
 * ({@link io.hookwarden.api.runtime.RuntimeMounts#secretDirectory}). Kubernetes swaps the files in place on
 * rotation; {@code source.ActiveSources} re-reads them.
 */
public final class FileSecretStore implements SecretStore {
    private final Path root;

    public FileSecretStore(Path root) {
        this.root = root;
    }

    @Override
    public byte[] read(String namespace, SecretKeyRef ref) {
        Path file = root.resolve(ref.getName()).resolve(ref.getKey());
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("Secret " + ref.getName() + " key " + ref.getKey() + " is not mounted at " + file);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
