package io.hookwarden.runtime.config;

import io.hookwarden.api.metrics.MetricLabels;
import io.hookwarden.api.v1alpha1.QueueNames;
import io.hookwarden.api.v1alpha1.QueueType;
import io.hookwarden.api.v1alpha1.SourceId;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.api.v1alpha1.WebhookSourceSpec;
import io.micrometer.core.instrument.Tags;

/**
 * A WebhookSource's configuration as the runtime reads it, validated once. What serving it takes at
 * run time (verifier, secrets, rate limit, meters) lives in {@code source.ActiveSource}.
 */
public final class Source {
    private final String name;
    private final String namespace;
    private final String id;
    private final WebhookSourceSpec spec;
    private final int toleranceSeconds;
    /** Derived once: the relay and the workers ask for it per SQS call, and deriving it hashes the name. */
    private final String queueName;

    Source(WebhookSource resource) {
        this.name = resource.getMetadata().getName();
        this.namespace = SourceRegistry.namespaceOf(resource.getMetadata());
        this.id = SourceId.of(namespace, name);
        this.spec = resource.getSpec();
        this.toleranceSeconds = spec.getVerification().effectiveToleranceSeconds();
        this.queueName = QueueNames.mainQueue(namespace, name, queueType());
    }

    public String name() {
        return name;
    }

    public String namespace() {
        return namespace;
    }

    /** {@link SourceId namespace/name}: what PostgreSQL keys this source's rows by, and what logs name it. */
    public String id() {
        return id;
    }

    /** The labels every per-source metric carries. */
    public Tags meterTags() {
        return Tags.of(MetricLabels.NAMESPACE, namespace, MetricLabels.SOURCE, name);
    }

    public WebhookSourceSpec spec() {
        return spec;
    }

    /** The replay window (jwt: clock leeway) the verifier applies. */
    public int toleranceSeconds() {
        return toleranceSeconds;
    }

    public QueueType queueType() {
        return spec.getQueue().effectiveType();
    }

    public String queueName() {
        return queueName;
    }

    public String deadLetterQueueName() {
        return QueueNames.deadLetterQueue(namespace, name, queueType());
    }
}
