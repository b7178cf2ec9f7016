package io.hookwarden.runtime.config;

import io.github.bucket4j.Bucket;
import io.hookwarden.api.v1alpha1.IdempotencyKeySource;
import io.hookwarden.api.v1alpha1.QueueNames;
import io.hookwarden.api.v1alpha1.QueueType;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.api.v1alpha1.WebhookSourceSpec;
import io.hookwarden.runtime.metrics.IngestMetrics;
import io.hookwarden.runtime.verify.Verifier;
import java.util.List;

/** A WebhookSource as the runtime uses it: parsed once, with its secrets kept current. */
public final class Source {
    private final String name;
    private final String namespace;
    private final WebhookSourceSpec spec;
    private final Verifier verifier;
    private final IdempotencyKeySource keySource;
    private final Bucket rateLimit;
    private final IngestMetrics metrics;
    private final int toleranceSeconds;
    private volatile Secrets secrets = new Secrets(List.of(), List.of());

    Source(WebhookSource resource, Verifier verifier, Bucket rateLimit, IngestMetrics metrics) {
        this.name = resource.getMetadata().getName();
        this.namespace = SourceRegistry.namespaceOf(resource.getMetadata());
        this.spec = resource.getSpec();
        this.verifier = verifier;
        String keyFrom = spec.getIdempotency().getKeyFrom();
        this.keySource = keyFrom != null ? IdempotencyKeySource.parse(keyFrom) : verifier.defaultKeySource();
        this.rateLimit = rateLimit;
        this.metrics = metrics;
        this.toleranceSeconds = spec.getVerification().effectiveToleranceSeconds();
    }

    public String name() {
        return name;
    }

    public String namespace() {
        return namespace;
    }

    public WebhookSourceSpec spec() {
        return spec;
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

    /** The replay window (jwt: clock leeway) the verifier applies. */
    public int toleranceSeconds() {
        return toleranceSeconds;
    }

    public QueueType queueType() {
        return spec.getQueue().effectiveType();
    }

    public String queueName() {
        return QueueNames.mainQueue(namespace, name, queueType());
    }

    public String deadLetterQueueName() {
        return QueueNames.deadLetterQueue(namespace, name, queueType());
    }

    private record Secrets(List<byte[]> values, List<byte[]> keys) {
    }
}
