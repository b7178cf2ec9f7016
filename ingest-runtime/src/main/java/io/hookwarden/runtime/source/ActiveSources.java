package io.hookwarden.runtime.source;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.hookwarden.api.v1alpha1.RateLimit;
import io.hookwarden.api.v1alpha1.SecretKeyRef;
import io.hookwarden.runtime.config.ConfigException;
import io.hookwarden.runtime.config.SecretStore;
import io.hookwarden.runtime.config.Source;
import io.hookwarden.runtime.config.SourceRegistry;
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

/** The served sources by name, each with its verifier, rate limit and meters; and the re-reading of their secrets. */
public final class ActiveSources {
    private static final Logger LOG = Logger.getLogger(ActiveSources.class);

    private final Map<String, ActiveSource> sources = new LinkedHashMap<>();
    private final SecretStore secretStore;

    /** @throws ConfigException naming the WebhookSource whose verification or secrets are wrong */
    public ActiveSources(SourceRegistry registry, SecretStore secretStore, MeterRegistry meters) {
        this.secretStore = secretStore;
        for (Source config : registry.all()) {
            try {
                ActiveSource source = new ActiveSource(config, Verifiers.forVerification(config.spec().getVerification()),
                        bucket(config.spec().getRateLimit()), new IngestMetrics(meters, config));
                List<byte[]> secrets = readSecrets(config);
                source.secrets(secrets, source.verifier().keys(secrets));
                sources.put(config.name(), source);
            } catch (ConfigException | IllegalArgumentException e) {
                throw new ConfigException("WebhookSource " + config.namespace() + "/" + config.name() + ": " + e.getMessage());
            }
        }
    }

    public ActiveSource get(String name) {
        return sources.get(name);
    }

    public Collection<ActiveSource> all() {
        return sources.values();
    }

    /** Re-reads every secret; a source keeps its old secrets if the new ones cannot be read. */
    public void refreshSecrets() {
        for (ActiveSource source : sources.values()) {
            try {
                List<byte[]> fresh = readSecrets(source.config());
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
}
