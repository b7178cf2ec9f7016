package io.hookwarden.runtime.config;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.hookwarden.api.v1alpha1.RateLimit;
import io.hookwarden.api.v1alpha1.SecretKeyRef;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.runtime.metrics.IngestMetrics;
import io.hookwarden.runtime.verify.Verifiers;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/** The sources this process serves, by name, and the re-reading of their secrets. */
public final class SourceRegistry {
    /** {@code /webhooks/ingest} is the seed-compatible route, so no source may take that name. */
    public static final String RESERVED_NAME = "ingest";
    private static final Logger LOG = Logger.getLogger(SourceRegistry.class);

    private final Map<String, Source> sources = new LinkedHashMap<>();
    private final SecretStore secretStore;

    public SourceRegistry(Collection<WebhookSource> resources, SecretStore secretStore, MeterRegistry meters) {
        this.secretStore = secretStore;
        for (WebhookSource resource : resources) {
            String where = "WebhookSource " + namespaceOf(resource.getMetadata()) + "/" + resource.getMetadata().getName();
            validate(resource, where);
            if (sources.containsKey(resource.getMetadata().getName())) {
                throw new ConfigException(where + ": another source already has this name");
            }
            try {
                Source source = new Source(resource, Verifiers.forVerification(resource.getSpec().getVerification()),
                        bucket(resource.getSpec().getRateLimit()), new IngestMetrics(meters, resource.getMetadata().getName()));
                List<byte[]> secrets = readSecrets(source);
                source.secrets(secrets, source.verifier().keys(secrets));
                sources.put(source.name(), source);
            } catch (ConfigException | IllegalArgumentException e) {
                throw new ConfigException(where + ": " + e.getMessage());
            }
        }
        if (sources.isEmpty()) {
            throw new ConfigException("no WebhookSource found in the configured manifests");
        }
    }

    public Source get(String name) {
        return sources.get(name);
    }

    public Collection<Source> all() {
        return sources.values();
    }

    /** Re-reads every secret; a source keeps its old secrets if the new ones cannot be read. */
    public void refreshSecrets() {
        for (Source source : sources.values()) {
            try {
                List<byte[]> fresh = readSecrets(source);
                if (!sameSecrets(fresh, source.secrets())) {
                    source.secrets(fresh, source.verifier().keys(fresh));
                    LOG.infof("secrets of source %s changed; now %d accepted", source.name(), fresh.size());
                }
            } catch (ConfigException | IllegalArgumentException e) {
                LOG.warnf("source %s keeps its current secrets: %s", source.name(), e.getMessage());
            }
        }
    }

    private List<byte[]> readSecrets(Source source) {
        List<SecretKeyRef> refs = source.spec().getVerification().allSecretRefs();
        return refs.stream().map(ref -> {
            byte[] value = secretStore.read(source.namespace(), ref);
            if (value.length == 0) {
                throw new ConfigException("Secret " + ref.getName() + " key " + ref.getKey() + " is empty");
            }
            return value;
        }).toList();
    }

    private static boolean sameSecrets(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
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
    }

    private static Bucket bucket(RateLimit rateLimit) {
        if (rateLimit == null) {
            return null;
        }
        return Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(rateLimit.effectiveBurst())
                        .refillGreedy(rateLimit.getRequestsPerSecond(), Duration.ofSeconds(1))
                        .build())
                .build();
    }

    static String namespaceOf(ObjectMeta metadata) {
        return metadata.getNamespace() != null ? metadata.getNamespace() : "default";
    }
}
