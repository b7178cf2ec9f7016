package io.hookwarden.runtime.config;

import io.fabric8.kubernetes.api.model.Secret;
import io.hookwarden.api.v1alpha1.SecretKeyRef;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Local mode: secrets from Secret manifests ({@code data} base64, {@code stringData} plain). */
public final class ManifestSecretStore implements SecretStore {
    private final Map<String, Secret> secrets = new HashMap<>();

    public ManifestSecretStore(List<Secret> manifests) {
        for (Secret secret : manifests) {
            secrets.put(SourceRegistry.namespaceOf(secret.getMetadata()) + "/" + secret.getMetadata().getName(), secret);
        }
    }

    @Override
    public byte[] read(String namespace, SecretKeyRef ref) {
        Secret secret = secrets.get(namespace + "/" + ref.getName());
        if (secret == null) {
            throw new ConfigException("Secret " + namespace + "/" + ref.getName() + " not found in the manifests");
        }
        if (secret.getStringData() != null && secret.getStringData().containsKey(ref.getKey())) {
            return secret.getStringData().get(ref.getKey()).getBytes(StandardCharsets.UTF_8);
        }
        if (secret.getData() != null && secret.getData().containsKey(ref.getKey())) {
            try {
                return Base64.getMimeDecoder().decode(secret.getData().get(ref.getKey()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("Secret " + namespace + "/" + ref.getName() + " key " + ref.getKey()
                        + " is not valid base64 (use stringData for plain text)");
            }
        }
        throw new ConfigException("Secret " + namespace + "/" + ref.getName() + " has no key " + ref.getKey());
    }
}
