package io.hookwarden.runtime.worker;

import io.hookwarden.api.metrics.Metric;
import io.hookwarden.runtime.config.Source;
import io.hookwarden.runtime.store.Events.DeadLetters;
import io.hookwarden.runtime.store.Events;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * DLQ depth and the age of its oldest event per source, from PostgreSQL: SQS does not tell a queue's
 * oldest message age (a CloudWatch metric, not an attribute), and peeking would count as receives.
 * Every dead-lettered event is recorded with its time; a replay takes it out again.
 */
public final class DeadLetterStats {
    private static final Logger LOG = Logger.getLogger(DeadLetterStats.class);

    private final Events events;
    private final String[] sources;
    private final Map<String, DeadLetters> snapshots = new ConcurrentHashMap<>();

    public DeadLetterStats(Events events, Collection<Source> sources, MeterRegistry registry) {
        this.events = events;
        this.sources = sources.stream().map(Source::id).toArray(String[]::new);
        for (Source source : sources) {
            String id = source.id();
            snapshots.put(id, DeadLetters.NONE);
            Gauge.builder(Metric.DLQ_EVENTS.meterName(), () -> snapshots.get(id).count())
                    .description("Dead-lettered events not replayed yet")
                    .tags(source.meterTags())
                    .register(registry);
            Gauge.builder(Metric.DLQ_OLDEST_AGE.meterName(), () -> ageSeconds(snapshots.get(id)))
                    .description("Age of the oldest dead-lettered event not replayed yet; 0 when there is none")
                    .tags(source.meterTags())
                    .baseUnit(Metric.SECONDS)
                    .register(registry);
        }
    }

    private static double ageSeconds(DeadLetters snapshot) {
        return snapshot.oldest() == null ? 0 : Math.max(0, (System.currentTimeMillis() - snapshot.oldest().toEpochMilli()) / 1000.0);
    }

    public void poll() {
        Map<String, DeadLetters> fresh;
        try {
            fresh = events.deadLettered(sources);
        } catch (SQLException e) {
            LOG.debugf("dead-letter stats not read: %s", e.getMessage());
            return;
        }
        for (String source : sources) {
            snapshots.put(source, fresh.getOrDefault(source, DeadLetters.NONE));
        }
    }
}
