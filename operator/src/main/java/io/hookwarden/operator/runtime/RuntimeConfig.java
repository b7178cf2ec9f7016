package io.hookwarden.operator.runtime;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hookwarden.api.runtime.RuntimeMounts;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.api.v1alpha1.WebhookSourceSpec;
import io.hookwarden.operator.Labels;
import io.hookwarden.operator.ResourceNames;
import io.hookwarden.operator.ingest.RateLimitShare;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ingest runtime's configuration: the WebhookSource manifest (never a secret value) in a ConfigMap
 * the pods mount as {@link RuntimeMounts} says.
 */
public final class RuntimeConfig {

    private RuntimeConfig() {
    }

    public static ConfigMap configMap(WebhookSource source, KubernetesSerialization serialization) {
        return new ConfigMapBuilder()
                .withMetadata(Labels.metadata(source, ResourceNames.configMap(source), Labels.Component.RUNTIME))
                .withData(Map.of(RuntimeMounts.MANIFEST_KEY, manifest(source, serialization)))
                .build();
    }

    /** Rolls the pods when the configuration changes; the runtime reads it at start only. */
    public static String hash(ConfigMap configMap) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            new TreeMap<>(configMap.getData()).forEach((key, value) -> {
                digest.update(key.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(value.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            });
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Only what the runtime reads: status and server-set metadata would roll the pods for nothing. The
     * rate limit is each pod's share of the source's total ({@link RateLimitShare}).
     */
    private static String manifest(WebhookSource source, KubernetesSerialization serialization) {
        WebhookSource copy = new WebhookSource();
        copy.setMetadata(new ObjectMetaBuilder()
                .withName(source.getMetadata().getName())
                .withNamespace(source.getMetadata().getNamespace())
                .build());
        WebhookSourceSpec spec = serialization.clone(source.getSpec());
        spec.setRateLimit(RateLimitShare.perPod(source));
        copy.setSpec(spec);
        return serialization.asYaml(copy);
    }
}
