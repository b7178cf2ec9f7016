package io.hookwarden.operator.secrets;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Secret informer's cache: each Secret's identity and the names of its keys, never a value. The
 * operator only checks that keys exist, so secret material (data, and annotations such as kubectl's
 * last-applied-configuration that repeat it) never stays in its heap, and the cache stays small.
 */
final class KeysOnlySecretStore extends BasicItemStore<Secret> {
    KeysOnlySecretStore() {
        super(Cache::metaNamespaceKeyFunc);
    }

    @Override
    public Secret put(String key, Secret secret) {
        return super.put(key, keysOnly(secret));
    }

    static Secret keysOnly(Secret secret) {
        Map<String, String> keys = new TreeMap<>();
        for (Map<String, String> data : new Map[] {secret.getData(), secret.getStringData()}) {
            if (data != null) {
                data.keySet().forEach(name -> keys.put(name, ""));
            }
        }
        return new SecretBuilder()
                .withNewMetadata()
                .withName(secret.getMetadata().getName())
                .withNamespace(secret.getMetadata().getNamespace())
                .withUid(secret.getMetadata().getUid())
                .withResourceVersion(secret.getMetadata().getResourceVersion())
                .endMetadata()
                .withType(secret.getType())
                .withData(keys)
                .build();
    }
}
