package io.hookwarden.runtime.store;

import io.hookwarden.api.metrics.FailureClass;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The {@code events} table after ingest (whose group commit lives in {@link EventStore}): every
 * read and every status transition of the outbox, the workers and the replays. Status labels come
 * from {@link EventStatus} only; statements that must match the partial indexes on status carry
 * them as literals, the others bind them.
 */
public final class Events {
    private static final String CLAIM = """
            SELECT id, source, event_type, traceparent, content_type, ordering_key,
                   CASE WHEN octet_length(raw_body) <= ? THEN raw_body END
            FROM events WHERE status = %s AND source = ANY(?) AND (relay_retry_at IS NULL OR relay_retry_at <= now())
            ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED""".formatted(EventStatus.RECEIVED.literal());
    /** The n-th refusal waits first * 2^(n-1) seconds, at most max. */
    private static final String MARK_REFUSED = """
            UPDATE events e SET relay_attempts = e.relay_attempts + 1, relay_error = r.reason,
                relay_retry_at = now() + make_interval(secs => least(?::float8, ?::float8 * power(2, e.relay_attempts)))
            FROM unnest(?::uuid[], ?::text[]) AS r(id, reason)
            WHERE e.id = r.id""";
    private static final String MARK_QUEUED = "UPDATE events SET status = ?, enqueued_at = now() WHERE id = ANY(?::uuid[])";
    private static final String COUNT_RECEIVED = "SELECT count(*) FROM events WHERE status = %s AND source = ANY(?)"
            .formatted(EventStatus.RECEIVED.literal());
    private static final String FOR_DELIVERY = """
            SELECT e.id, e.status, e.received_at, e.ordering_key,
                   CASE WHEN e.id = ANY(?::uuid[]) THEN e.raw_body END, v.version
            FROM events e
            LEFT JOIN entity_versions v ON v.source = e.source AND v.entity = e.ordering_key
            WHERE e.id = ANY(?::uuid[]) AND e.source = ?""";
    /**
     * The attempts go into delivery_attempts in the same statement: no round trip of their own. An attempt
     * of an event no longer stored is dropped, as its outcome's update is, rather than failing the round.
     */
    private static final String RECORD_OUTCOMES = """
            WITH attempt AS (
                INSERT INTO delivery_attempts (event_id, attempted_at, http_status, failure_class, error)
                SELECT a.* FROM unnest(?::uuid[], ?::timestamptz[], ?::int[], ?::text[], ?::text[])
                    AS a(event_id, attempted_at, http_status, failure_class, error)
                WHERE EXISTS (SELECT 1 FROM events WHERE id = a.event_id)
            )
            UPDATE events e SET
                status = COALESCE(o.status, e.status),
                attempts = e.attempts + o.attempts,
                last_error = COALESCE(o.error, e.last_error),
                failure_class = COALESCE(o.failure_class, e.failure_class),
                delivered_at = CASE WHEN o.status = %s THEN now() ELSE e.delivered_at END,
                dead_lettered_at = CASE WHEN o.status = %s THEN now() ELSE e.dead_lettered_at END
            FROM unnest(?::uuid[], ?::text[], ?::int[], ?::text[], ?::text[]) AS o(id, status, attempts, error, failure_class)
            WHERE e.id = o.id""".formatted(EventStatus.DONE.literal(), EventStatus.DEAD_LETTERED.literal());
    private static final String ADVANCE_VERSIONS = """
            INSERT INTO entity_versions AS v (source, entity, version, event_id)
            SELECT * FROM unnest(?::text[], ?::text[], ?::numeric[], ?::uuid[])
            ON CONFLICT (source, entity) DO UPDATE
                SET version = excluded.version, event_id = excluded.event_id, updated_at = now()
                WHERE v.version < excluded.version""";
    private static final String DEAD_LETTERED = """
            SELECT source, count(*), min(dead_lettered_at) FROM events
            WHERE status = %s AND source = ANY(?) GROUP BY source""".formatted(EventStatus.DEAD_LETTERED.literal());
    private static final String STORED_COLUMNS =
            "id, source, event_type, traceparent, content_type, ordering_key, status, received_at, failure_class";
    private static final String BY_ID = "SELECT " + STORED_COLUMNS + " FROM events WHERE id = ANY(?::uuid[])";
    private static final String PAGE = "SELECT " + STORED_COLUMNS + """
             FROM events
            WHERE source = ? AND status = ANY(?::text[]) AND id > ?
              AND (?::text IS NULL OR event_type = ?::text)
              AND (?::timestamptz IS NULL OR received_at >= ?::timestamptz)
              AND (?::timestamptz IS NULL OR received_at < ?::timestamptz)
              AND (?::text IS NULL OR failure_class = ?::text)
            ORDER BY id LIMIT ?""";
    private static final String RESTORE_STATUS = """
            UPDATE events e SET status = r.status FROM unnest(?::uuid[], ?::text[]) AS r(id, status)
            WHERE e.id = r.id AND e.status = ?""";

    /** An event the outbox relay took to send; {@code smallBody} is the raw body when it fits inline, else null. */
    public record ClaimedEvent(UUID id, String source, String eventType, String traceparent, String contentType,
            String orderingKey, byte[] smallBody) {
    }

    /** Dead-lettered events of one source not replayed yet; {@code oldest} is null when there are none. */
    public record DeadLetters(long count, Instant oldest) {
        public static final DeadLetters NONE = new DeadLetters(0, null);
    }

    private final DataSource dataSource;

    public Events(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Locks up to {@code limit} received events ({@code FOR UPDATE SKIP LOCKED}, so replicas never
     * take the same ones) until the claim is committed or closed; closing without commit rolls back.
     * Only rows of {@code sources} (their ids): other sources' rows are other relays' to send.
     */
    public Claim claimReceived(String[] sources, int limit, int inlineMaxBytes) throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(false);
            List<ClaimedEvent> claimed = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(CLAIM)) {
                select.setInt(1, inlineMaxBytes);
                select.setArray(2, connection.createArrayOf("text", sources));
                select.setInt(3, limit);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        claimed.add(new ClaimedEvent(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getString(6), rs.getBytes(7)));
                    }
                }
            }
            return new Claim(connection, claimed);
        } catch (SQLException | RuntimeException e) {
            rollbackAndClose(connection);
            throw e;
        }
    }

    /** Claimed outbox events, held in one open transaction. */
    public static final class Claim implements AutoCloseable {
        private final Connection connection;
        private final List<ClaimedEvent> events;
        private boolean committed;

        private Claim(Connection connection, List<ClaimedEvent> events) {
            this.connection = connection;
            this.events = events;
        }

        public List<ClaimedEvent> events() {
            return events;
        }

        /** Marks these claimed events queued, in the claim's transaction. */
        public void markQueued(Collection<UUID> ids) throws SQLException {
            Events.markQueued(connection, ids);
        }

        /**
         * Leaves these claimed events in the outbox with why SQS refused them, each retried on its own backoff:
         * {@code firstRetry} after its first refusal, twice as long after each next one, at most {@code maxRetry}.
         */
        public void markRefused(Map<UUID, String> reasons, Duration firstRetry, Duration maxRetry) throws SQLException {
            try (PreparedStatement mark = connection.prepareStatement(MARK_REFUSED)) {
                mark.setLong(1, maxRetry.toSeconds());
                mark.setLong(2, firstRetry.toSeconds());
                mark.setArray(3, connection.createArrayOf("uuid", reasons.keySet().toArray()));
                mark.setArray(4, connection.createArrayOf("text", reasons.values().toArray()));
                mark.executeUpdate();
            }
        }

        public void commit() throws SQLException {
            connection.commit();
            committed = true;
        }

        /** Rolls back unless committed: the events stay received. */
        @Override
        public void close() throws SQLException {
            if (committed) {
                connection.close();
            } else {
                rollbackAndClose(connection);
            }
        }
    }

    /** Events of these sources (their ids) stored but not yet on SQS. */
    public long countReceived(String[] sources) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement count = connection.prepareStatement(COUNT_RECEIVED)) {
            count.setArray(1, connection.createArrayOf("text", sources));
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Status, time, entity version, and for {@code withBody} the stored body, of a worker's batch, in one
     * query; only events of the source with id {@code sourceId}: another source's event is not found.
     */
    public Map<UUID, DeliveryRow> forDelivery(String sourceId, Collection<UUID> ids, Collection<UUID> withBody) throws SQLException {
        Map<UUID, DeliveryRow> rows = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(FOR_DELIVERY)) {
            select.setArray(1, connection.createArrayOf("uuid", withBody.toArray()));
            select.setArray(2, connection.createArrayOf("uuid", ids.toArray()));
            select.setString(3, sourceId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    UUID id = rs.getObject(1, UUID.class);
                    rows.put(id, new DeliveryRow(id, EventStatus.fromLabel(rs.getString(2)), rs.getObject(3, OffsetDateTime.class),
                            rs.getString(4), rs.getBytes(5), rs.getBigDecimal(6)));
                }
            }
        }
        return rows;
    }

    /**
     * Writes delivery outcomes (and delivered entity versions) in one transaction. Several outcomes
     * of one event become one row update; of several versions of one entity the newest is kept.
     */
    public void recordOutcomes(List<DeliveryOutcome> round) throws SQLException {
        Map<UUID, DeliveryOutcome> byEvent = new LinkedHashMap<>();
        Map<UUID, Integer> attemptsByEvent = new HashMap<>();
        List<DeliveryOutcome> attempted = new ArrayList<>();
        Map<List<String>, DeliveryOutcome> newest = new LinkedHashMap<>();
        for (DeliveryOutcome o : round) {
            byEvent.merge(o.eventId(), o, DeliveryOutcome::then);
            if (o.attempt() != null) {
                attempted.add(o);
                attemptsByEvent.merge(o.eventId(), 1, Integer::sum);
            }
            if (o.version() != null) {
                newest.merge(List.of(o.version().source(), o.version().entity()), o,
                        (a, b) -> a.version().version().compareTo(b.version().version()) >= 0 ? a : b);
            }
        }
        List<DeliveryOutcome> outcomes = new ArrayList<>(byEvent.values());
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement update = connection.prepareStatement(RECORD_OUTCOMES)) {
                    update.setArray(1, connection.createArrayOf("uuid", attempted.stream().map(DeliveryOutcome::eventId).toArray()));
                    update.setArray(2, connection.createArrayOf("timestamptz", attempted.stream()
                            .map(o -> Timestamp.from(o.attempt().at())).toArray()));
                    update.setArray(3, connection.createArrayOf("int4", attempted.stream().map(o -> o.attempt().httpStatus()).toArray()));
                    update.setArray(4, connection.createArrayOf("text", attempted.stream()
                            .map(o -> wireOrNull(o.attempt().failureClass())).toArray()));
                    update.setArray(5, connection.createArrayOf("text", attempted.stream().map(o -> o.attempt().error()).toArray()));
                    update.setArray(6, connection.createArrayOf("uuid", outcomes.stream().map(DeliveryOutcome::eventId).toArray()));
                    update.setArray(7, connection.createArrayOf("text", outcomes.stream()
                            .map(o -> o.status() != null ? o.status().label() : null).toArray()));
                    update.setArray(8, connection.createArrayOf("int4", outcomes.stream()
                            .map(o -> attemptsByEvent.getOrDefault(o.eventId(), 0)).toArray()));
                    update.setArray(9, connection.createArrayOf("text", outcomes.stream().map(DeliveryOutcome::error).toArray()));
                    update.setArray(10, connection.createArrayOf("text", outcomes.stream()
                            .map(o -> wireOrNull(o.failureClass())).toArray()));
                    update.executeUpdate();
                }
                if (!newest.isEmpty()) {
                    List<DeliveryOutcome> delivered = new ArrayList<>(newest.values());
                    try (PreparedStatement advance = connection.prepareStatement(ADVANCE_VERSIONS)) {
                        advance.setArray(1, connection.createArrayOf("text", delivered.stream().map(o -> o.version().source()).toArray()));
                        advance.setArray(2, connection.createArrayOf("text", delivered.stream().map(o -> o.version().entity()).toArray()));
                        advance.setArray(3, connection.createArrayOf("numeric", delivered.stream().map(o -> o.version().version())
                                .toArray(BigDecimal[]::new)));
                        advance.setArray(4, connection.createArrayOf("uuid", delivered.stream().map(DeliveryOutcome::eventId).toArray()));
                        advance.executeUpdate();
                    }
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** Per source (of those asked for that have any): dead-lettered events and the time of the oldest. */
    public Map<String, DeadLetters> deadLettered(String[] sources) throws SQLException {
        Map<String, DeadLetters> bySource = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(DEAD_LETTERED)) {
            select.setArray(1, connection.createArrayOf("text", sources));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    OffsetDateTime oldest = rs.getObject(3, OffsetDateTime.class);
                    bySource.put(rs.getString(1), new DeadLetters(rs.getLong(2), oldest != null ? oldest.toInstant() : null));
                }
            }
        }
        return bySource;
    }

    /** The events with these ids that exist. */
    public Map<UUID, StoredEvent> byId(Collection<UUID> ids) throws SQLException {
        Map<UUID, StoredEvent> rows = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(BY_ID)) {
            select.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    StoredEvent row = storedEvent(rs);
                    rows.put(row.id(), row);
                }
            }
        }
        return rows;
    }

    /** The next {@code limit} events matching the filter with an id above {@code after}, in id order. */
    public List<StoredEvent> page(EventFilter filter, UUID after, int limit) throws SQLException {
        List<StoredEvent> page = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(PAGE)) {
            Timestamp since = filter.since() != null ? Timestamp.from(filter.since()) : null;
            Timestamp until = filter.until() != null ? Timestamp.from(filter.until()) : null;
            String failureClass = wireOrNull(filter.failureClass());
            select.setString(1, filter.source());
            select.setArray(2, connection.createArrayOf("text", filter.statuses().stream().map(EventStatus::label).toArray()));
            select.setObject(3, after);
            select.setString(4, filter.eventType());
            select.setString(5, filter.eventType());
            select.setTimestamp(6, since);
            select.setTimestamp(7, since);
            select.setTimestamp(8, until);
            select.setTimestamp(9, until);
            select.setString(10, failureClass);
            select.setString(11, failureClass);
            select.setInt(12, limit);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    page.add(storedEvent(rs));
                }
            }
        }
        return page;
    }

    /** Marks events queued, committed at once: a worker then never takes their new message for a duplicate. */
    public void markQueued(Collection<UUID> ids) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            markQueued(connection, ids);
        }
    }

    /** Puts back the statuses these events had before {@link #markQueued}, unless a worker moved them on since. */
    public void restoreStatus(List<StoredEvent> events) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement restore = connection.prepareStatement(RESTORE_STATUS)) {
            restore.setArray(1, connection.createArrayOf("uuid", events.stream().map(StoredEvent::id).toArray()));
            restore.setArray(2, connection.createArrayOf("text", events.stream().map(e -> e.status().label()).toArray()));
            restore.setString(3, EventStatus.QUEUED.label());
            restore.executeUpdate();
        }
    }

    private static void markQueued(Connection connection, Collection<UUID> ids) throws SQLException {
        try (PreparedStatement mark = connection.prepareStatement(MARK_QUEUED)) {
            mark.setString(1, EventStatus.QUEUED.label());
            mark.setArray(2, connection.createArrayOf("uuid", ids.toArray()));
            mark.executeUpdate();
        }
    }

    private static StoredEvent storedEvent(ResultSet rs) throws SQLException {
        String failureClass = rs.getString(9);
        return new StoredEvent(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), EventStatus.fromLabel(rs.getString(7)), rs.getObject(8, OffsetDateTime.class),
                failureClass != null ? FailureClass.fromWire(failureClass) : null);
    }

    private static String wireOrNull(FailureClass failureClass) {
        return failureClass != null ? failureClass.wire() : null;
    }

    private static void rollbackAndClose(Connection connection) throws SQLException {
        try {
            connection.rollback();
        } finally {
            connection.close();
        }
    }
}
