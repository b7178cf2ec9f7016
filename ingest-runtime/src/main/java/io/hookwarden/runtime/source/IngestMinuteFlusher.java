package io.hookwarden.runtime.source;

import io.hookwarden.api.metrics.IngestOutcome;
import io.hookwarden.runtime.store.IngestMinutes;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Adds what each source's ingest request counters grew by since the last flush to {@code ingest_minutes},
 * under the minute of the flush (so a count lands at most one flush interval late). The request path only
 * increments the Prometheus counters it always did. A failed flush is retried with the next one: the
 * difference keeps growing until it is written. What grew after the last flush before a process died is lost.
 */
public final class IngestMinuteFlusher {
    private static final Logger LOG = Logger.getLogger(IngestMinuteFlusher.class);
    public static final Duration EVERY = Duration.ofSeconds(5);
    /** The console charts a day at most. */
    public static final Duration KEPT = Duration.ofDays(2);

    private final IngestMinutes minutes;
    private final Collection<ActiveSource> sources;
    private final Clock clock;
    /** Per source id: the counter values last written (at first, at start), by outcome ordinal. */
    private final Map<String, long[]> written = new HashMap<>();

    public IngestMinuteFlusher(IngestMinutes minutes, Collection<ActiveSource> sources, Clock clock) {
        this.minutes = minutes;
        this.sources = sources;
        this.clock = clock;
        for (ActiveSource source : sources) {
            written.put(source.id(), counts(source));
        }
    }

    private static long[] counts(ActiveSource source) {
        long[] counts = new long[IngestOutcome.values().length];
        for (IngestOutcome outcome : IngestOutcome.values()) {
            counts[outcome.ordinal()] = source.metrics().requests(outcome);
        }
        return counts;
    }

    public synchronized void flush() {
        Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        List<IngestMinutes.Count> counts = new ArrayList<>();
        Map<String, long[]> now = new HashMap<>();
        for (ActiveSource source : sources) {
            long[] before = written.get(source.id());
            long[] current = counts(source);
            for (IngestOutcome outcome : IngestOutcome.values()) {
                long grew = current[outcome.ordinal()] - before[outcome.ordinal()];
                if (grew > 0) {
                    counts.add(new IngestMinutes.Count(source.id(), minute, outcome, grew));
                }
            }
            now.put(source.id(), current);
        }
        try {
            minutes.add(counts);
            written.putAll(now);
        } catch (SQLException e) {
            LOG.debugf("ingest counts not flushed, added to the next flush: %s", e.getMessage());
        }
    }

    public void forgetOld() {
        try {
            minutes.forgetBefore(clock.instant().minus(KEPT));
        } catch (SQLException e) {
            LOG.debugf("old ingest minutes not deleted: %s", e.getMessage());
        }
    }
}
