package io.hookwarden.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookwarden.runtime.sqs.OutgoingEvent;
import io.hookwarden.runtime.testing.WorkerHarness;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** spec.retention and the idempotency window, pruned by {@link RetentionCleaner} on real PostgreSQL. */
class RetentionTest {
    private static final String MANIFESTS = """
            apiVersion: v1
            kind: Secret
            metadata: {name: s, namespace: test}
            stringData: {k: secret}
            ---
            apiVersion: hookwarden.io/v1alpha1
            kind: WebhookSource
            metadata: {name: defaults, namespace: test}
            spec:
              verification: {scheme: hmac-sha256-v1, secretRef: {name: s, key: k}}
            ---
            apiVersion: hookwarden.io/v1alpha1
            kind: WebhookSource
            metadata: {name: brief, namespace: test}
            spec:
              verification: {scheme: hmac-sha256-v1, secretRef: {name: s, key: k}}
              idempotency: {retention: 30d}
              retention: {delivered: 1d, deadLetters: 2d}
            """;

    static WorkerHarness harness;
    static RetentionCleaner cleaner;

    @BeforeAll
    static void start() {
        harness = new WorkerHarness(MANIFESTS);
        cleaner = new RetentionCleaner(harness.dataSource(), harness.sources().all());
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void deliveredEventsArePrunedAfterSevenDaysByDefault() throws SQLException {
        UUID old = stored("defaults", "done", 8);
        UUID superseded = stored("defaults", "superseded", 8);
        UUID recent = stored("defaults", "done", 6);
        cleaner.clean();
        assertThat(harness.status(old)).isNull();
        assertThat(harness.status(superseded)).isNull();
        assertThat(harness.status(recent)).isEqualTo("done");
    }

    @Test
    void deadLettersAreKeptFourteenDaysByDefault() throws SQLException {
        UUID old = stored("defaults", "dead_lettered", 15);
        UUID recent = stored("defaults", "dead_lettered", 10);
        cleaner.clean();
        assertThat(harness.status(old)).isNull();
        assertThat(harness.status(recent)).isEqualTo("dead_lettered");
    }

    @Test
    void eachSourcePrunesByItsOwnRetention() throws SQLException {
        UUID brief = stored("brief", "done", 2);
        UUID briefDead = stored("brief", "dead_lettered", 3);
        UUID defaults = stored("defaults", "done", 2);
        cleaner.clean();
        assertThat(harness.status(brief)).isNull();
        assertThat(harness.status(briefDead)).isNull();
        assertThat(harness.status(defaults)).isEqualTo("done");
    }

    @Test
    void eventsNotYetDeliveredAreNeverPruned() throws SQLException {
        UUID received = stored("brief", "received", 40);
        UUID queued = stored("brief", "queued", 40);
        cleaner.clean();
        assertThat(harness.status(received)).isEqualTo("received");
        assertThat(harness.status(queued)).isEqualTo("queued");
    }

    @Test
    void idempotencyKeyOutlivesItsPrunedEvent() throws SQLException {
        UUID event = stored("brief", "done", 5);
        String key = UUID.randomUUID().toString();
        try (Connection c = harness.dataSource().getConnection();
                PreparedStatement insert = c.prepareStatement("""
                        INSERT INTO idempotency_keys (source, key, body_hash, event_id, created_at)
                        VALUES ('test/brief', ?, 'hash', ?, now() - interval '5 days')""")) {
            insert.setString(1, key);
            insert.setObject(2, event);
            insert.executeUpdate();
        }
        cleaner.clean();
        assertThat(harness.status(event)).isNull();
        try (Connection c = harness.dataSource().getConnection();
                PreparedStatement select = c.prepareStatement("SELECT event_id FROM idempotency_keys WHERE source = 'test/brief' AND key = ?")) {
            select.setString(1, key);
            try (ResultSet rs = select.executeQuery()) {
                assertThat(rs.next()).as("the key, kept for its 30 days").isTrue();
                assertThat(rs.getObject(1, UUID.class)).isEqualTo(event);
            }
        }
    }

    /** An event of the source with this status, received (and dead-lettered, delivered) {@code daysAgo}. */
    private static UUID stored(String source, String status, int daysAgo) throws SQLException {
        UUID id = EventIds.next();
        harness.insert(List.of(new OutgoingEvent(id, harness.source(source), "t", null, "application/json", null, "{}")), status);
        try (Connection c = harness.dataSource().getConnection();
                PreparedStatement age = c.prepareStatement("""
                        UPDATE events SET received_at = now() - make_interval(days => ?),
                            dead_lettered_at = CASE WHEN status = 'dead_lettered' THEN now() - make_interval(days => ?) END,
                            delivered_at = CASE WHEN status = 'done' THEN now() - make_interval(days => ?) END
                        WHERE id = ?""")) {
            age.setInt(1, daysAgo);
            age.setInt(2, daysAgo);
            age.setInt(3, daysAgo);
            age.setObject(4, id);
            age.executeUpdate();
        }
        return id;
    }
}
