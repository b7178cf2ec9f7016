package io.hookwarden.runtime.config;

import io.hookwarden.api.v1alpha1.SecretKeyRef;

/** Where signing secrets come from: Kubernetes Secrets, mounted as files or given as manifests. */
public interface SecretStore {
    /** The secret's bytes; a {@link ConfigException} naming the Secret and key when absent. */
    byte[] read(String namespace, SecretKeyRef ref);
}
