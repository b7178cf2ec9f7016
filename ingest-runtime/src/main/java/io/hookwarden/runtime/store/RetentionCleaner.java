package io.hookwarden.runtime.store;

import io.hookwarden.runtime.config.Source;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/** Forgets idempotency keys older than their source's retention, in small batches so no lock is held long. */
public final class RetentionCleaner {
    private static final Logger LOG = Logger.getLogger(RetentionCleaner.class);
    private static final int BATCH = 5_000;
    private static final String DELETE_EXPIRED = """
            DELETE FROM idempotency_keys WHERE ctid IN (
                SELECT ctid FROM idempotency_keys
                WHERE source = ? AND created_at < now() - make_interval(secs => ?)
                LIMIT ?)""";

    private final DataSource dataSource;
    private final Collection<Source> sources;

    public RetentionCleaner(DataSource dataSource, Collection<Source> sources) {
        this.dataSource = dataSource;
        this.sources = sources;
    }

    /** Returns how many keys were deleted. */
    public long clean() {
        long deleted = 0;
        for (Source source : sources) {
            long seconds = source.spec().getIdempotency().effectiveRetention().toSeconds();
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement delete = connection.prepareStatement(DELETE_EXPIRED)) {
                delete.setString(1, source.name());
                delete.setLong(2, seconds);
                delete.setInt(3, BATCH);
                int n;
                do {
                    n = delete.executeUpdate();
                    deleted += n;
                } while (n == BATCH);
            } catch (SQLException e) {
                LOG.warnf("retention cleanup of source %s postponed: %s", source.name(), e.getMessage());
            }
        }
        return deleted;
    }
}
