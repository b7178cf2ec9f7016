package io.hookwarden.runtime.store;

import io.hookwarden.api.v1alpha1.Retention;
import io.hookwarden.runtime.config.Source;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Prunes what each source keeps no longer: idempotency keys past their window, delivered and
 * superseded events past {@code spec.retention.delivered}, dead-lettered ones past
 * {@code spec.retention.deadLetters}. Each batch is its own short transaction on rows no writer
 * holds (events not yet delivered are never touched), so ingest is never locked out. An idempotency
 * key outlives its event when its window is the longer one: duplicates are still answered.
 */
public final class RetentionCleaner {
    private static final Logger LOG = Logger.getLogger(RetentionCleaner.class);
    private static final int BATCH = 5_000;
    private static final String DELETE_EXPIRED_KEYS = """
            DELETE FROM idempotency_keys WHERE ctid IN (
                SELECT ctid FROM idempotency_keys
                WHERE source = ? AND created_at < now() - make_interval(secs => ?)
                LIMIT ?)""";
    /** Delivered events are finished: received_at (indexed with source) bounds their delivery time from below. */
    private static final String DELETE_DELIVERED = """
            DELETE FROM events WHERE ctid IN (
                SELECT ctid FROM events
                WHERE source = ? AND received_at < now() - make_interval(secs => ?) AND status IN (%s, %s)
                LIMIT ?)""".formatted(EventStatus.DONE.literal(), EventStatus.SUPERSEDED.literal());
    private static final String DELETE_DEAD_LETTERED = """
            DELETE FROM events WHERE ctid IN (
                SELECT ctid FROM events
                WHERE source = ? AND status = %s AND dead_lettered_at < now() - make_interval(secs => ?)
                LIMIT ?)""".formatted(EventStatus.DEAD_LETTERED.literal());

    private final DataSource dataSource;
    private final Collection<Source> sources;

    public RetentionCleaner(DataSource dataSource, Collection<Source> sources) {
        this.dataSource = dataSource;
        this.sources = sources;
    }

    /** Returns how many rows (keys and events) were deleted. */
    public long clean() {
        long deleted = 0;
        for (Source source : sources) {
            Retention retention = source.spec().getRetention();
            deleted += prune(source, "idempotency keys", DELETE_EXPIRED_KEYS, source.spec().getIdempotency().effectiveRetention());
            deleted += prune(source, "delivered events", DELETE_DELIVERED, retention.effectiveDelivered());
            deleted += prune(source, "dead-lettered events", DELETE_DEAD_LETTERED, retention.effectiveDeadLetters());
        }
        return deleted;
    }

    private long prune(Source source, String what, String sql, Duration keep) {
        long deleted = 0;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(sql)) {
            delete.setString(1, source.id());
            delete.setLong(2, keep.toSeconds());
            delete.setInt(3, BATCH);
            int n;
            do {
                n = delete.executeUpdate();
                deleted += n;
            } while (n == BATCH);
        } catch (SQLException e) {
            LOG.warnf("retention cleanup of %s of source %s postponed: %s", what, source.id(), e.getMessage());
        }
        return deleted;
    }
}
