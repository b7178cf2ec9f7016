package io.hookwarden.runtime.source;

import io.github.bucket4j.Bucket;
import io.hookwarden.api.v1alpha1.IdempotencyKeySource;
import io.hookwarden.runtime.config.Source;
import io.hookwarden.runtime.metrics.IngestMetrics;
import io.hookwarden.runtime.verify.Verifier;
import java.util.List;

/** A source being served: its configuration with what requests use at run time, secrets kept current. */
public final class ActiveSource {
    private final Source config;
    private final Verifier verifier;
    private final IdempotencyKeySource keySource;
    private final Bucket rateLimit;
    private final IngestMetrics metrics;
    private volatile Secrets secrets = new Secrets(List.of(), List.of());

    ActiveSource(Source config, Verifier verifier, Bucket rateLimit, IngestMetrics metrics) {
        this.config = config;
        this.verifier = verifier;
        String keyFrom = config.spec().getIdempotency().getKeyFrom();
        this.keySource = keyFrom != null ? IdempotencyKeySource.parse(keyFrom) : verifier.defaultKeySource();
        this.rateLimit = rateLimit;
        this.metrics = metrics;
    }

    public Source config() {
        return config;
    }

    /** {@link Source#id()}. */
    public String id() {
        return config.id();
    }

    public String name() {
        return config.name();
    }

    public Verifier verifier() {
        return verifier;
    }

    public IdempotencyKeySource keySource() {
        return keySource;
    }

    /** Null when the source has no rate limit. */
    public Bucket rateLimit() {
        return rateLimit;
    }

    public IngestMetrics metrics() {
        return metrics;
    }

    /** The Secret values as read, current first. */
    public List<byte[]> secrets() {
        return secrets.values();
    }

    /** The same secrets as the verifier uses them ({@link Verifier#keys}). */
    public List<byte[]> keys() {
        return secrets.keys();
    }

    /** Replaces values and keys together, so a request never sees one without the other. */
    void secrets(List<byte[]> values, List<byte[]> keys) {
        this.secrets = new Secrets(values, keys);
    }

    private record Secrets(List<byte[]> values, List<byte[]> keys) {
    }
}
