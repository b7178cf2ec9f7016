package io.hookwarden.runtime.store;

import io.hookwarden.runtime.config.Source;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Rows written before sources were keyed by namespace/name carry the bare name. The runtime serving
 * a source takes them over at start, before it serves: events in batches (so ingest is never locked
 * out), then the source's idempotency keys and entity versions, a key that exists under both forms
 * keeping the qualified one. Two namespaces with sources of one name on one database were already
 * mixed before; the first to start takes the rows.
 */
public final class LegacySourceRows {
    private static final Logger LOG = Logger.getLogger(LegacySourceRows.class);
    private static final int BATCH = 5_000;
    private static final String EVENTS = """
            UPDATE events SET source = ? WHERE ctid IN (SELECT ctid FROM events WHERE source = ? LIMIT ?)""";
    private static final String KEYS = """
            UPDATE idempotency_keys k SET source = ? WHERE k.source = ? AND NOT EXISTS (
                SELECT 1 FROM idempotency_keys q WHERE q.source = ?
                  AND (q.key = k.key OR q.signature_digest = k.signature_digest))""";
    private static final String VERSIONS = """
            UPDATE entity_versions v SET source = ? WHERE v.source = ? AND NOT EXISTS (
                SELECT 1 FROM entity_versions q WHERE q.source = ? AND q.entity = v.entity)""";
    private static final String LEFT_OVER_KEYS = "DELETE FROM idempotency_keys WHERE source = ?";
    private static final String LEFT_OVER_VERSIONS = "DELETE FROM entity_versions WHERE source = ?";

    private final DataSource dataSource;

    public LegacySourceRows(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Returns how many events were taken over. */
    public long adopt(Source source) throws SQLException {
        long events = 0;
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement update = connection.prepareStatement(EVENTS)) {
                update.setString(1, source.id());
                update.setString(2, source.name());
                update.setInt(3, BATCH);
                int n;
                do {
                    n = update.executeUpdate();
                    events += n;
                } while (n == BATCH);
            }
            connection.setAutoCommit(false);
            try {
                qualify(connection, KEYS, source);
                qualify(connection, VERSIONS, source);
                delete(connection, LEFT_OVER_KEYS, source);
                delete(connection, LEFT_OVER_VERSIONS, source);
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }
        if (events > 0) {
            LOG.infof("source %s: took over %d events stored under its bare name", source.id(), events);
        }
        return events;
    }

    private static void qualify(Connection connection, String sql, Source source) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            update.setString(1, source.id());
            update.setString(2, source.name());
            update.setString(3, source.id());
            update.executeUpdate();
        }
    }

    private static void delete(Connection connection, String sql, Source source) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(sql)) {
            delete.setString(1, source.name());
            delete.executeUpdate();
        }
    }
}
