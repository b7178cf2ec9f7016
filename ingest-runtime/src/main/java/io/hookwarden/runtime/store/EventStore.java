package io.hookwarden.runtime.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Group commit: concurrent requests queue here and a few writer threads store them in shared
 * transactions, one round trip per statement for the whole batch. A request's future completes
 * only after its transaction committed (or failed as a whole: never half-written). An event whose
 * data PostgreSQL refuses fails alone: the batch is split until it is isolated. The signature
 * digest is stored with the key (and unique per source) in the same statement, so replays cost
 * the hot path no extra round trip.
 */
public final class EventStore implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EventStore.class);

    private static final String INSERT_KEYS = """
            INSERT INTO idempotency_keys (source, key, body_hash, event_id, signature_digest)
            SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::uuid[], ?::bytea[])
            ON CONFLICT DO NOTHING
            RETURNING source, key""";
    private static final String INSERT_EVENTS = """
            INSERT INTO events (id, source, idempotency_key, body_hash, event_type, external_id, ordering_key,
                                raw_body, content_type, payload, traceparent)
            SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                 ?::bytea[], ?::text[], ?::jsonb[], ?::text[])""";
    private static final String SELECT_KEYS = """
            SELECT k.source, k.key, k.body_hash, k.event_id FROM idempotency_keys k
            JOIN unnest(?::text[], ?::text[]) AS wanted(source, key) USING (source, key)""";
    /** The keys were not taken yet but the signatures were: which events the replays repeat. */
    private static final String SELECT_SIGNATURES = """
            SELECT wanted.source, wanted.key, k.body_hash, k.event_id FROM idempotency_keys k
            JOIN unnest(?::text[], ?::text[], ?::bytea[]) AS wanted(source, key, signature_digest)
              ON k.source = wanted.source AND k.signature_digest = wanted.signature_digest""";

    private final DataSource dataSource;
    private final BlockingQueue<Pending> queue;
    private final int batchSize;
    private final List<Thread> writers = new ArrayList<>();
    private final Runnable afterCommit;
    private volatile boolean running = true;

    /**
     * @param afterCommit told when new events are committed (the outbox relay wakes up on it)
     */
    public EventStore(DataSource dataSource, int writerThreads, int batchSize, int queueCapacity, Runnable afterCommit) {
        this.dataSource = dataSource;
        this.batchSize = batchSize;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.afterCommit = afterCommit;
        for (int i = 0; i < writerThreads; i++) {
            Thread writer = new Thread(this::writeLoop, "hookwarden-store-writer-" + i);
            writer.setDaemon(true);
            writer.start();
            writers.add(writer);
        }
    }

    /** Never blocks: a full queue answers Unavailable at once, which the caller maps to 503. */
    public CompletableFuture<StoreOutcome> store(IncomingEvent event) {
        Pending pending = new Pending(event, new CompletableFuture<>());
        if (!running || !queue.offer(pending)) {
            pending.result.complete(new StoreOutcome.Unavailable("store queue is full"));
        }
        return pending.result;
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(batchSize);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, batchSize - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("store writer failed on a batch", e);
                batch.forEach(p -> p.result.complete(new StoreOutcome.Unavailable("internal error")));
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Pending> batch) {
        // Requests with the same (source, key) in one batch: the first one decides, the others follow it.
        Map<SourceKey, List<Pending>> groups = new LinkedHashMap<>();
        for (Pending p : batch) {
            groups.computeIfAbsent(SourceKey.of(p.event), k -> new ArrayList<>()).add(p);
        }
        // A fixed lock order across writers keeps concurrent batches from deadlocking on key rows.
        List<SourceKey> keys = new ArrayList<>(groups.keySet());
        keys.sort(Comparator.comparing(SourceKey::source).thenComparing(SourceKey::key));
        List<IncomingEvent> leaders = keys.stream().map(k -> groups.get(k).get(0).event).toList();

        Map<SourceKey, Stored> stored = new HashMap<>();
        Set<SourceKey> unstorable = new HashSet<>();
        boolean unavailable = false;
        try {
            writeIsolating(leaders, stored, unstorable);
        } catch (SQLException e) {
            // What committed before the failure keeps its answer; the rest is told to retry.
            unavailable = true;
            LOG.warnf("store unavailable, requests of a batch of %d not yet committed answered 503: %s (SQLState %s)",
                    batch.size(), e.getMessage(), e.getSQLState());
        }
        boolean anyAccepted = false;
        for (Map.Entry<SourceKey, List<Pending>> group : groups.entrySet()) {
            List<Pending> members = group.getValue();
            IncomingEvent leader = members.get(0).event;
            Stored row = stored.get(group.getKey());
            for (int i = 0; i < members.size(); i++) {
                IncomingEvent event = members.get(i).event;
                StoreOutcome outcome;
                if (unstorable.contains(group.getKey())) {
                    // Only a request with the refused body fails the same way; another one may lead next time.
                    outcome = event.bodyHash().equals(leader.bodyHash())
                            ? new StoreOutcome.Unstorable("PostgreSQL refuses this event's data")
                            : new StoreOutcome.Unavailable("another request with this key could not be stored");
                } else if (row == null) {
                    // The store failed, or the key vanished between insert and select (retention cleanup).
                    outcome = new StoreOutcome.Unavailable(unavailable ? "store unavailable" : "idempotency key changed concurrently");
                } else if (i == 0 && row.insertedNow) {
                    outcome = new StoreOutcome.Accepted(row.eventId);
                    anyAccepted = true;
                } else if (row.signatureOnly) {
                    outcome = Arrays.equals(event.signedDigest(), leader.signedDigest())
                            ? new StoreOutcome.Replayed(row.eventId)
                            : new StoreOutcome.Unavailable("another request with this key was a replay");
                } else if (row.bodyHash.equals(event.bodyHash())) {
                    outcome = new StoreOutcome.Duplicate(row.eventId);
                } else {
                    outcome = new StoreOutcome.Conflict(row.eventId);
                }
                members.get(i).result.complete(outcome);
            }
        }
        if (anyAccepted) {
            afterCommit.run();
        }
    }

    /**
     * Writes the events in one transaction; when PostgreSQL refuses the data of one of them, halves the batch until
     * that one is alone, so every other event still commits. Alone, an event is tried once more without its parsed
     * copy (jsonb is stricter than the raw bytes), then given up as unstorable. Throws only when the store is down.
     */
    private void writeIsolating(List<IncomingEvent> events, Map<SourceKey, Stored> stored, Set<SourceKey> unstorable)
            throws SQLException {
        try {
            stored.putAll(write(events, true));
            return;
        } catch (SQLException e) {
            if (!isDataError(e)) {
                throw e;
            }
            if (events.size() > 1) {
                int half = events.size() / 2;
                writeIsolating(events.subList(0, half), stored, unstorable);
                writeIsolating(events.subList(half, events.size()), stored, unstorable);
                return;
            }
        }
        try {
            stored.putAll(write(events, false));
        } catch (SQLException e) {
            if (!isDataError(e)) {
                throw e;
            }
            IncomingEvent refused = events.get(0);
            LOG.warnf("source %s: event %s refused by PostgreSQL, answered 400: %s (SQLState %s)", refused.source(),
                    refused.id(), e.getMessage(), e.getSQLState());
            unstorable.add(SourceKey.of(refused));
        }
    }

    private Map<SourceKey, Stored> write(List<IncomingEvent> leaders, boolean withPayload) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Map<SourceKey, Stored> result = writeInTransaction(connection, leaders, withPayload);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        }
    }

    private static Map<SourceKey, Stored> writeInTransaction(Connection connection, List<IncomingEvent> leaders,
            boolean withPayload) throws SQLException {
        int n = leaders.size();
        Set<SourceKey> inserted = new HashSet<>();
        try (PreparedStatement insertKeys = connection.prepareStatement(INSERT_KEYS)) {
            insertKeys.setArray(1, textArray(connection, leaders, IncomingEvent::source));
            insertKeys.setArray(2, textArray(connection, leaders, IncomingEvent::idempotencyKey));
            insertKeys.setArray(3, textArray(connection, leaders, IncomingEvent::bodyHash));
            insertKeys.setArray(4, connection.createArrayOf("uuid", leaders.stream().map(IncomingEvent::id).toArray()));
            insertKeys.setArray(5, digestArray(connection, leaders));
            try (ResultSet rs = insertKeys.executeQuery()) {
                while (rs.next()) {
                    inserted.add(new SourceKey(rs.getString(1), rs.getString(2)));
                }
            }
        }
        List<IncomingEvent> fresh = new ArrayList<>(inserted.size());
        List<IncomingEvent> seenBefore = new ArrayList<>(n - inserted.size());
        for (IncomingEvent e : leaders) {
            (inserted.contains(SourceKey.of(e)) ? fresh : seenBefore).add(e);
        }
        Map<SourceKey, Stored> result = new HashMap<>();
        if (!fresh.isEmpty()) {
            try (PreparedStatement insertEvents = connection.prepareStatement(INSERT_EVENTS)) {
                insertEvents.setArray(1, connection.createArrayOf("uuid", fresh.stream().map(IncomingEvent::id).toArray()));
                insertEvents.setArray(2, textArray(connection, fresh, IncomingEvent::source));
                insertEvents.setArray(3, textArray(connection, fresh, IncomingEvent::idempotencyKey));
                insertEvents.setArray(4, textArray(connection, fresh, IncomingEvent::bodyHash));
                insertEvents.setArray(5, textArray(connection, fresh, IncomingEvent::eventType));
                insertEvents.setArray(6, textArray(connection, fresh, IncomingEvent::externalId));
                insertEvents.setArray(7, textArray(connection, fresh, IncomingEvent::orderingKey));
                insertEvents.setArray(8, connection.createArrayOf("bytea", fresh.stream().map(IncomingEvent::body).toArray(byte[][]::new)));
                insertEvents.setArray(9, textArray(connection, fresh, IncomingEvent::contentType));
                insertEvents.setArray(10, textArray(connection, fresh, e -> withPayload ? e.payloadJson() : null));
                insertEvents.setArray(11, textArray(connection, fresh, IncomingEvent::traceparent));
                insertEvents.executeUpdate();
            }
            for (IncomingEvent e : fresh) {
                result.put(SourceKey.of(e), new Stored(e.id(), e.bodyHash(), true, false));
            }
        }
        if (!seenBefore.isEmpty()) {
            try (PreparedStatement select = connection.prepareStatement(SELECT_KEYS)) {
                select.setArray(1, textArray(connection, seenBefore, IncomingEvent::source));
                select.setArray(2, textArray(connection, seenBefore, IncomingEvent::idempotencyKey));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        result.put(new SourceKey(rs.getString(1), rs.getString(2)),
                                new Stored(rs.getObject(4, UUID.class), rs.getString(3), false, false));
                    }
                }
            }
            // Not inserted and no row under its key: its signature was (a replay), unless the key just expired.
            List<IncomingEvent> replays = seenBefore.stream().filter(e -> !result.containsKey(SourceKey.of(e))).toList();
            if (!replays.isEmpty()) {
                try (PreparedStatement select = connection.prepareStatement(SELECT_SIGNATURES)) {
                    select.setArray(1, textArray(connection, replays, IncomingEvent::source));
                    select.setArray(2, textArray(connection, replays, IncomingEvent::idempotencyKey));
                    select.setArray(3, digestArray(connection, replays));
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            result.put(new SourceKey(rs.getString(1), rs.getString(2)),
                                    new Stored(rs.getObject(4, UUID.class), rs.getString(3), false, true));
                        }
                    }
                }
            }
        }
        return result;
    }

    private static Array digestArray(Connection connection, List<IncomingEvent> events) throws SQLException {
        return connection.createArrayOf("bytea", events.stream().map(IncomingEvent::signedDigest).toArray(byte[][]::new));
    }

    private static Array textArray(Connection connection, List<IncomingEvent> events,
            java.util.function.Function<IncomingEvent, String> field) throws SQLException {
        return connection.createArrayOf("text", events.stream().map(field).toArray(String[]::new));
    }

    private static boolean isDataError(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("22");
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // The connection is broken; the pool discards it.
        }
    }

    /** Stops taking requests, finishes what is queued, and waits for the writers. */
    @Override
    public void close() {
        running = false;
        for (Thread writer : writers) {
            try {
                writer.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Pending leftover;
        while ((leftover = queue.poll()) != null) {
            leftover.result.complete(new StoreOutcome.Unavailable("shutting down"));
        }
    }

    private record Pending(IncomingEvent event, CompletableFuture<StoreOutcome> result) {
    }

    private record SourceKey(String source, String key) {
        static SourceKey of(IncomingEvent event) {
            return new SourceKey(event.source(), event.idempotencyKey());
        }
    }

    /** @param signatureOnly found by its signature under another key (a replay), not by its own key */
    private record Stored(UUID eventId, String bodyHash, boolean insertedNow, boolean signatureOnly) {
    }
}
