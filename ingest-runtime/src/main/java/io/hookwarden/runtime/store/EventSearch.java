package io.hookwarden.runtime.store;

import io.hookwarden.api.metrics.FailureClass;
import io.hookwarden.api.metrics.IngestOutcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The console's read queries on {@code events}: a filtered list paged by keyset (newest first, on
 * the {@code (received_at, id)} index, so page 1,000 costs what page 1 does), one event in full,
 * dead letters per source, and per-minute series for charts. Read-only, beside {@link Events} (the
 * runtime's reads and status transitions); every query is limited to the sources the caller may see.
 */
public final class EventSearch {
    public static final int MAX_PAGE = 200;

    /**
     * What to list; null fields do not filter.
     *
     * @param sources the sources to look in (never empty: a namespace's, or every configured one)
     * @param search an event id, an external id or an idempotency key
     */
    public record Filter(Collection<String> sources, String eventType, EventStatus status, FailureClass failureClass,
            Instant since, Instant until, String search) {
    }

    /** Where a page ends: the next page starts strictly after this (received_at, id), going back in time. */
    public record Cursor(Instant receivedAt, UUID id) {
        /** {@code <epoch micros>_<uuid>}, opaque to the browser. */
        public String encode() {
            return ChronoUnit.MICROS.between(Instant.EPOCH, receivedAt) + "_" + id;
        }

        /** @throws IllegalArgumentException when it is not one {@link #encode} made */
        public static Cursor decode(String text) {
            int sep = text.indexOf('_');
            if (sep < 1) {
                throw new IllegalArgumentException("not a page cursor: " + text);
            }
            try {
                return new Cursor(Instant.EPOCH.plus(Long.parseLong(text.substring(0, sep)), ChronoUnit.MICROS),
                        UUID.fromString(text.substring(sep + 1)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a page cursor: " + text, e);
            }
        }
    }

    public record Summary(UUID id, String source, String eventType, String externalId, EventStatus status,
            Instant receivedAt, int attempts, String failureClass) {
    }

    /** @param next the cursor of the following page; null on the last one */
    public record Page(List<Summary> events, Cursor next) {
    }

    /**
     * One event as stored; the timeline's times are null for the steps it has not reached.
     *
     * @param attempts delivery attempts counted on the events row
     * @param attemptLog the attempts recorded one by one, oldest first (fewer than {@code attempts} for
     *     an event attempted before they were recorded)
     */
    public record Detail(UUID id, String source, String eventType, String externalId, String idempotencyKey,
            String orderingKey, String contentType, byte[] body, String traceparent, EventStatus status,
            Instant receivedAt, Instant enqueuedAt, int attempts, String lastError, String failureClass,
            Instant deliveredAt, Instant deadLetteredAt, List<DeliveryAttempt> attemptLog) {
    }

    /** Dead-lettered events of one source and one failure class. */
    public record DeadLetters(String source, String failureClass, long count, Instant oldest) {
    }

    /**
     * One minute of a source's traffic: by the minute events were received, how many were accepted, what
     * became of them so far, and how long the delivered ones took from receipt (seconds); and the
     * requests answered as duplicates or rejected in that minute ({@code ingest_minutes}).
     */
    public record Minute(Instant minute, long accepted, long duplicate, long rejected, long delivered, long deadLettered,
            Double latencyP50, Double latencyP99) {
    }

    /** Ingest outcomes the charts count as rejected: every answer that is neither a stored event, a duplicate nor a handshake. */
    public static final Set<IngestOutcome> REJECTED = Set.copyOf(EnumSet.complementOf(
            EnumSet.of(IngestOutcome.ACCEPTED, IngestOutcome.DUPLICATE, IngestOutcome.HANDSHAKE)));

    /** Dead-lettered events still in the DLQ, counted up to each minute by the time they went there. */
    public record Depth(Instant minute, long depth) {
    }

    private static final String SUMMARY_COLUMNS =
            "id, source, event_type, external_id, status, received_at, attempts, failure_class";
    private static final String DETAIL = """
            SELECT id, source, event_type, external_id, idempotency_key, ordering_key, content_type, raw_body, traceparent,
                   status, received_at, enqueued_at, attempts, last_error, failure_class, delivered_at, dead_lettered_at
            FROM events WHERE id = ? AND source = ANY(?::text[])""";
    private static final String ATTEMPTS = """
            SELECT attempted_at, http_status, failure_class, error FROM delivery_attempts
            WHERE event_id = ? ORDER BY attempted_at""";
    private static final String DEAD_LETTERS = """
            SELECT source, coalesce(failure_class, ''), count(*), min(dead_lettered_at) FROM events
            WHERE status = %s AND source = ANY(?::text[])
            GROUP BY 1, 2 ORDER BY 1, 2""".formatted(EventStatus.DEAD_LETTERED.literal());
    private static final String MINUTES = """
            SELECT date_trunc('minute', received_at) AS minute, count(*),
                   count(*) FILTER (WHERE status = %s),
                   count(*) FILTER (WHERE status = %s),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM delivered_at - received_at)),
                   percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM delivered_at - received_at))
            FROM events WHERE source = ? AND received_at >= ?
            GROUP BY 1 ORDER BY 1""".formatted(EventStatus.DONE.literal(), EventStatus.DEAD_LETTERED.literal());
    private static final String REQUESTS = """
            SELECT minute, coalesce(sum(requests) FILTER (WHERE outcome = ?), 0),
                   coalesce(sum(requests) FILTER (WHERE outcome = ANY(?::text[])), 0)
            FROM ingest_minutes WHERE source = ? AND minute >= ?
            GROUP BY 1""";
    private static final String DEPTH = """
            SELECT greatest(date_trunc('minute', dead_lettered_at), ?::timestamptz) AS minute, count(*) FROM events
            WHERE status = %s AND source = ?
            GROUP BY 1 ORDER BY 1""".formatted(EventStatus.DEAD_LETTERED.literal());

    private final DataSource dataSource;

    public EventSearch(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Newest first; {@code after} null for the first page. */
    public Page list(Filter filter, Cursor after, int limit) throws SQLException {
        if (filter.sources().isEmpty()) {
            return new Page(List.of(), null);
        }
        int size = Math.max(1, Math.min(limit, MAX_PAGE));
        // Only the conditions a filter sets: a generic plan with "? IS NULL OR ..." would not use the indexes.
        StringBuilder sql = new StringBuilder("SELECT ").append(SUMMARY_COLUMNS).append(" FROM events WHERE source = ANY(?::text[])");
        List<Object> params = new ArrayList<>();
        params.add(filter.sources().toArray(String[]::new));
        condition(sql, params, " AND event_type = ?", filter.eventType());
        condition(sql, params, " AND status = ?", filter.status() != null ? filter.status().label() : null);
        condition(sql, params, " AND failure_class = ?", filter.failureClass() != null ? filter.failureClass().wire() : null);
        condition(sql, params, " AND received_at >= ?", timestamp(filter.since()));
        condition(sql, params, " AND received_at < ?", timestamp(filter.until()));
        String search = filter.search() != null && !filter.search().isBlank() ? filter.search().strip() : null;
        if (search != null) {
            UUID id = uuidOrNull(search);
            if (id != null) {
                sql.append(" AND (id = ? OR external_id = ? OR idempotency_key = ?)");
                params.add(id);
            } else {
                sql.append(" AND (external_id = ? OR idempotency_key = ?)");
            }
            params.add(search);
            params.add(search);
        }
        if (after != null) {
            sql.append(" AND (received_at, id) < (?, ?)");
            params.add(Timestamp.from(after.receivedAt()));
            params.add(after.id());
        }
        sql.append(" ORDER BY received_at DESC, id DESC LIMIT ?");
        params.add(size + 1);
        List<Summary> events = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                Object value = params.get(i);
                if (value instanceof String[] array) {
                    select.setArray(i + 1, connection.createArrayOf("text", array));
                } else {
                    select.setObject(i + 1, value);
                }
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    events.add(new Summary(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                            EventStatus.fromLabel(rs.getString(5)), instant(rs, 6), rs.getInt(7), rs.getString(8)));
                }
            }
        }
        if (events.size() <= size) {
            return new Page(events, null);
        }
        List<Summary> page = events.subList(0, size);
        Summary last = page.get(size - 1);
        return new Page(List.copyOf(page), new Cursor(last.receivedAt(), last.id()));
    }

    public Optional<Detail> detail(UUID id, Collection<String> sources) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(DETAIL)) {
            select.setObject(1, id);
            select.setArray(2, connection.createArrayOf("text", sources.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Detail(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getBytes(8), rs.getString(9),
                        EventStatus.fromLabel(rs.getString(10)), instant(rs, 11), instant(rs, 12), rs.getInt(13),
                        rs.getString(14), rs.getString(15), instant(rs, 16), instant(rs, 17), attempts(connection, id)));
            }
        }
    }

    private static List<DeliveryAttempt> attempts(Connection connection, UUID eventId) throws SQLException {
        List<DeliveryAttempt> attempts = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(ATTEMPTS)) {
            select.setObject(1, eventId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    int status = rs.getInt(2);
                    Integer httpStatus = rs.wasNull() ? null : status;
                    String failureClass = rs.getString(3);
                    attempts.add(new DeliveryAttempt(instant(rs, 1), httpStatus,
                            failureClass != null ? FailureClass.fromWire(failureClass) : null, rs.getString(4)));
                }
            }
        }
        return attempts;
    }

    /** Per source and failure class (empty string when none was recorded), sources in name order. */
    public List<DeadLetters> deadLetters(Collection<String> sources) throws SQLException {
        List<DeadLetters> result = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(DEAD_LETTERS)) {
            select.setArray(1, connection.createArrayOf("text", sources.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    result.add(new DeadLetters(rs.getString(1), rs.getString(2), rs.getLong(3), instant(rs, 4)));
                }
            }
        }
        return result;
    }

    /** Every minute of the window, oldest first, zeros where nothing was received. */
    public List<Minute> minutes(String source, Instant now, Duration window) throws SQLException {
        Instant first = firstMinute(now, window);
        Map<Instant, Minute> found = new LinkedHashMap<>();
        Map<Instant, long[]> requests = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement select = connection.prepareStatement(MINUTES)) {
                select.setString(1, source);
                select.setTimestamp(2, Timestamp.from(first));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        Instant minute = instant(rs, 1);
                        found.put(minute, new Minute(minute, rs.getLong(2), 0, 0, rs.getLong(3), rs.getLong(4), doubleOrNull(rs, 5),
                                doubleOrNull(rs, 6)));
                    }
                }
            }
            try (PreparedStatement select = connection.prepareStatement(REQUESTS)) {
                select.setString(1, IngestOutcome.DUPLICATE.wire());
                select.setArray(2, connection.createArrayOf("text", REJECTED.stream().map(IngestOutcome::wire).toArray()));
                select.setString(3, source);
                select.setTimestamp(4, Timestamp.from(first));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        requests.put(instant(rs, 1), new long[] {rs.getLong(2), rs.getLong(3)});
                    }
                }
            }
        }
        return everyMinute(first, now).stream().map(m -> {
            Minute events = found.getOrDefault(m, new Minute(m, 0, 0, 0, 0, 0, null, null));
            long[] answered = requests.getOrDefault(m, new long[2]);
            return new Minute(m, events.accepted(), answered[0], answered[1], events.delivered(), events.deadLettered(),
                    events.latencyP50(), events.latencyP99());
        }).toList();
    }

    /** DLQ depth at the end of every minute of the window, oldest first. */
    public List<Depth> depth(String source, Instant now, Duration window) throws SQLException {
        Instant first = firstMinute(now, window);
        Map<Instant, Long> added = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(DEPTH)) {
            // Everything dead-lettered before the window counts in its first minute.
            select.setTimestamp(1, Timestamp.from(first));
            select.setString(2, source);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    added.put(instant(rs, 1), rs.getLong(2));
                }
            }
        }
        List<Depth> depth = new ArrayList<>();
        long total = 0;
        for (Instant m : everyMinute(first, now)) {
            total += added.getOrDefault(m, 0L);
            depth.add(new Depth(m, total));
        }
        return depth;
    }

    private static Instant firstMinute(Instant now, Duration window) {
        return now.minus(window).truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
    }

    private static List<Instant> everyMinute(Instant first, Instant now) {
        List<Instant> minutes = new ArrayList<>();
        for (Instant m = first; !m.isAfter(now); m = m.plus(1, ChronoUnit.MINUTES)) {
            minutes.add(m);
        }
        return minutes;
    }

    private static void condition(StringBuilder sql, List<Object> params, String clause, Object value) {
        if (value != null) {
            sql.append(clause);
            params.add(value);
        }
    }

    private static Timestamp timestamp(Instant instant) {
        return instant != null ? Timestamp.from(instant) : null;
    }

    private static UUID uuidOrNull(String text) {
        try {
            return text.length() == 36 ? UUID.fromString(text) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time != null ? time.toInstant() : null;
    }

    private static Double doubleOrNull(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }
}
