package io.hookwarden.runtime.worker;

import io.hookwarden.runtime.store.EventStatus;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Records delivery outcomes in {@code events} (and delivered versions in {@code entity_versions}).
 * Outcomes from all consumers are written together, one transaction per round, so a busy worker
 * costs PostgreSQL a few statements per hundreds of deliveries. A future completes once its
 * outcome is committed; a worker deletes a delivered message only then.
 */
final class DeliveryLedger implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DeliveryLedger.class);
    private static final int MAX_ROUND = 1000;

    private static final String RECORD = """
            UPDATE events e SET
                status = COALESCE(o.status, e.status),
                attempts = e.attempts + o.attempts,
                last_error = COALESCE(o.error, e.last_error),
                failure_class = COALESCE(o.failure_class, e.failure_class),
                delivered_at = CASE WHEN o.status = 'done' THEN now() ELSE e.delivered_at END,
                dead_lettered_at = CASE WHEN o.status = 'dead_lettered' THEN now() ELSE e.dead_lettered_at END
            FROM unnest(?::uuid[], ?::text[], ?::int[], ?::text[], ?::text[]) AS o(id, status, attempts, error, failure_class)
            WHERE e.id = o.id""";
    private static final String ADVANCE_VERSIONS = """
            INSERT INTO entity_versions AS v (source, entity, version, event_id)
            SELECT * FROM unnest(?::text[], ?::text[], ?::numeric[], ?::uuid[])
            ON CONFLICT (source, entity) DO UPDATE
                SET version = excluded.version, event_id = excluded.event_id, updated_at = now()
                WHERE v.version < excluded.version""";

    /**
     * @param status the new status, or null to keep it (a failed attempt that will be retried)
     * @param attempts delivery attempts this outcome adds (0 when the sink was not called)
     * @param version for a delivered event whose entity is versioned, else null
     */
    record Outcome(UUID eventId, EventStatus status, int attempts, String error, FailureClass failureClass,
            EntityVersion version) {

        static Outcome delivered(UUID eventId, EntityVersion version) {
            return new Outcome(eventId, EventStatus.DONE, 1, null, null, version);
        }

        static Outcome failed(UUID eventId, FailureClass failureClass, String error) {
            return new Outcome(eventId, null, 1, error, failureClass, null);
        }

        static Outcome deadLettered(UUID eventId, int attempts, FailureClass failureClass, String error) {
            return new Outcome(eventId, EventStatus.DEAD_LETTERED, attempts, error, failureClass, null);
        }

        static Outcome superseded(UUID eventId) {
            return new Outcome(eventId, EventStatus.SUPERSEDED, 0, null, null, null);
        }
    }

    private record Pending(Outcome outcome, CompletableFuture<Void> committed) {
    }

    private final DataSource dataSource;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean running = true;

    DeliveryLedger(DataSource dataSource) {
        this.dataSource = dataSource;
        this.writer = new Thread(this::writeLoop, "hookwarden-delivery-ledger");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    CompletableFuture<Void> record(Outcome outcome) {
        Pending pending = new Pending(outcome, new CompletableFuture<>());
        queue.add(pending);
        return pending.committed;
    }

    private void writeLoop() {
        List<Pending> round = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                round.add(first);
                queue.drainTo(round, MAX_ROUND - 1);
                write(round);
                round.forEach(p -> p.committed.complete(null));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException e) {
                LOG.warnf("delivery outcomes of %d messages not recorded: %s", round.size(), e.getMessage());
                round.forEach(p -> p.committed.completeExceptionally(e));
            } finally {
                round.clear();
            }
        }
    }

    private void write(List<Pending> round) throws SQLException {
        // One row per event even when an event has several outcomes in this round (retries are fast with no backoff).
        Map<UUID, Outcome> byEvent = new LinkedHashMap<>();
        Map<List<String>, Outcome> newest = new LinkedHashMap<>();
        for (Pending p : round) {
            Outcome o = p.outcome;
            byEvent.merge(o.eventId(), o, (old, now) -> new Outcome(o.eventId(),
                    now.status() != null ? now.status() : old.status(), old.attempts() + now.attempts(),
                    now.error() != null ? now.error() : old.error(),
                    now.failureClass() != null ? now.failureClass() : old.failureClass(), null));
            if (o.version() != null) {
                newest.merge(List.of(o.version().source(), o.version().entity()), o,
                        (a, b) -> a.version().version().compareTo(b.version().version()) >= 0 ? a : b);
            }
        }
        List<Outcome> outcomes = new ArrayList<>(byEvent.values());
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement update = connection.prepareStatement(RECORD)) {
                    update.setArray(1, connection.createArrayOf("uuid", outcomes.stream().map(Outcome::eventId).toArray()));
                    update.setArray(2, connection.createArrayOf("text", outcomes.stream()
                            .map(o -> o.status() != null ? o.status().label() : null).toArray()));
                    update.setArray(3, connection.createArrayOf("int4", outcomes.stream().map(Outcome::attempts).toArray()));
                    update.setArray(4, connection.createArrayOf("text", outcomes.stream().map(Outcome::error).toArray()));
                    update.setArray(5, connection.createArrayOf("text", outcomes.stream()
                            .map(o -> o.failureClass() != null ? o.failureClass().label() : null).toArray()));
                    update.executeUpdate();
                }
                if (!newest.isEmpty()) {
                    List<Outcome> delivered = new ArrayList<>(newest.values());
                    try (PreparedStatement advance = connection.prepareStatement(ADVANCE_VERSIONS)) {
                        advance.setArray(1, connection.createArrayOf("text", delivered.stream().map(o -> o.version().source()).toArray()));
                        advance.setArray(2, connection.createArrayOf("text", delivered.stream().map(o -> o.version().entity()).toArray()));
                        advance.setArray(3, connection.createArrayOf("numeric", delivered.stream().map(o -> o.version().version())
                                .toArray(BigDecimal[]::new)));
                        advance.setArray(4, connection.createArrayOf("uuid", delivered.stream().map(Outcome::eventId).toArray()));
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

    @Override
    public void close() {
        running = false;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
