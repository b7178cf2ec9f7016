package io.hookwarden.runtime.config;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.hookwarden.api.v1alpha1.RateLimit;
import io.hookwarden.api.v1alpha1.WebhookSource;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** The sources this process serves, by name, validated as the CRD schema would be in a cluster. */
public final class SourceRegistry {
    /** {@code /webhooks/ingest} is the seed-compatible route, so no source may take that name. */
    public static final String RESERVED_NAME = "ingest";

    private final Map<String, Source> sources = new LinkedHashMap<>();
    private final Map<String, Source> byId = new LinkedHashMap<>();

    public SourceRegistry(Collection<WebhookSource> resources) {
        for (WebhookSource resource : resources) {
            String where = "WebhookSource " + namespaceOf(resource.getMetadata()) + "/" + resource.getMetadata().getName();
            validate(resource, where);
            if (sources.containsKey(resource.getMetadata().getName())) {
                throw new ConfigException(where + ": another source already has this name");
            }
            Source source = new Source(resource);
            sources.put(source.name(), source);
            byId.put(source.id(), source);
        }
        if (sources.isEmpty()) {
            throw new ConfigException("no WebhookSource found in the configured manifests");
        }
    }

    public Source get(String name) {
        return sources.get(name);
    }

    /** The source whose {@link Source#id() id} a stored row carries; null when this process does not serve it. */
    public Source byId(String id) {
        return byId.get(id);
    }

    /** The ids of the sources served here: what the outbox relay claims rows of. */
    public String[] ids() {
        return byId.keySet().toArray(String[]::new);
    }

    public Collection<Source> all() {
        return sources.values();
    }

    /** The checks the CRD schema makes in a cluster, made again for manifests read without an API server. */
    private static void validate(WebhookSource resource, String where) {
        if (resource.getMetadata() == null || resource.getMetadata().getName() == null) {
            throw new ConfigException("a WebhookSource has no metadata.name");
        }
        if (RESERVED_NAME.equals(resource.getMetadata().getName())) {
            throw new ConfigException(where + ": the name '" + RESERVED_NAME + "' is reserved for POST /webhooks/ingest");
        }
        if (resource.getSpec() == null || resource.getSpec().getVerification() == null) {
            throw new ConfigException(where + ": spec.verification is required");
        }
        try {
            resource.getSpec().getVerification().validate();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + ": spec.verification: " + e.getMessage());
        }
        RateLimit rateLimit = resource.getSpec().getRateLimit();
        if (rateLimit != null && (rateLimit.getRequestsPerSecond() == null || rateLimit.getRequestsPerSecond() < 1
                || rateLimit.effectiveBurst() < 1)) {
            throw new ConfigException(where + ": spec.rateLimit needs requestsPerSecond >= 1 and burst >= 1");
        }
        if (resource.getSpec().effectiveMaxBodyBytes() < 1) {
            throw new ConfigException(where + ": spec.maxBodyBytes must be at least 1");
        }
        if (resource.getSpec().getQueue().effectiveType() == io.hookwarden.api.v1alpha1.QueueType.FIFO
                && resource.getSpec().getQueue().getOrderingKey() == null) {
            throw new ConfigException(where + ": queue.type fifo requires queue.orderingKey");
        }
        resource.getSpec().getIdempotency().effectiveRetention();
        resource.getSpec().getRetention().effectiveDelivered();
        resource.getSpec().getRetention().effectiveDeadLetters();
    }

    public static String namespaceOf(ObjectMeta metadata) {
        return metadata.getNamespace() != null ? metadata.getNamespace() : "default";
    }
}
