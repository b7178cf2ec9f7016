package io.hookwarden.runtime.worker;

import io.hookwarden.runtime.config.Source;
import io.hookwarden.runtime.metrics.MetricNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * DLQ depth and the age of its oldest event per source, from PostgreSQL: SQS does not tell a queue's
 * oldest message age (a CloudWatch metric, not an attribute), and peeking would count as receives.
 * Every dead-lettered event is recorded with its time; a replay takes it out again.
 */
public final class DeadLetterStats {
    private static final Logger LOG = Logger.getLogger(DeadLetterStats.class);
    private static final String QUERY = """
            SELECT source, count(*), min(dead_lettered_at) FROM events
            WHERE status = 'dead_lettered' AND source = ANY(?) GROUP BY source""";

    private record Snapshot(long count, Instant oldest) {
    }

    private static final Snapshot EMPTY = new Snapshot(0, null);

    private final DataSource dataSource;
    private final String[] sources;
    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();

    public DeadLetterStats(DataSource dataSource, Collection<Source> sources, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.sources = sources.stream().map(Source::name).toArray(String[]::new);
        for (String source : this.sources) {
            snapshots.put(source, EMPTY);
            Gauge.builder(MetricNames.DLQ_EVENTS, () -> snapshots.get(source).count)
                    .description("Dead-lettered events not replayed yet")
                    .tags("source", source)
                    .register(registry);
            Gauge.builder(MetricNames.DLQ_OLDEST_AGE, () -> ageSeconds(snapshots.get(source)))
                    .description("Age of the oldest dead-lettered event not replayed yet; 0 when there is none")
                    .tags("source", source)
                    .baseUnit("seconds")
                    .register(registry);
        }
    }

    private static double ageSeconds(Snapshot snapshot) {
        return snapshot.oldest == null ? 0 : Math.max(0, (System.currentTimeMillis() - snapshot.oldest.toEpochMilli()) / 1000.0);
    }

    public void poll() {
        Map<String, Snapshot> fresh = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(QUERY)) {
            select.setArray(1, connection.createArrayOf("text", sources));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    OffsetDateTime oldest = rs.getObject(3, OffsetDateTime.class);
                    fresh.put(rs.getString(1), new Snapshot(rs.getLong(2), oldest != null ? oldest.toInstant() : null));
                }
            }
        } catch (SQLException e) {
            LOG.debugf("dead-letter stats not read: %s", e.getMessage());
            return;
        }
        for (String source : sources) {
            snapshots.put(source, fresh.getOrDefault(source, EMPTY));
        }
    }
}
