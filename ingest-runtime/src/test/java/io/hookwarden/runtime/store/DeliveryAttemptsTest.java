package io.hookwarden.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookwarden.api.metrics.FailureClass;
import io.hookwarden.runtime.testing.WorkerHarness;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Events.recordOutcomes writes each attempt to delivery_attempts with the outcome, on real PostgreSQL. */
class DeliveryAttemptsTest {
    static WorkerHarness harness;

    @BeforeAll
    static void start() {
        harness = new WorkerHarness("""
                apiVersion: hookwarden.io/v1alpha1
                kind: WebhookSource
                metadata: {name: attempts, namespace: test}
                spec:
                  verification: {scheme: hmac-sha256-v1, secretRef: {name: s, key: k}}
                  sink: {url: "http://127.0.0.1:9/"}
                """);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static final Instant FIRST = Instant.now().truncatedTo(ChronoUnit.MICROS);
    private static final DeliveryAttempt FAILED = new DeliveryAttempt(FIRST, 500, FailureClass.HTTP_5XX, "HTTP 500 from the sink");
    private static final DeliveryAttempt ACCEPTED = new DeliveryAttempt(FIRST.plusSeconds(1), 200, null, null);

    @Test
    void twoAttemptsInOneRoundAreTwoRowsAndTheEventCountsBoth() throws Exception {
        UUID id = harness.enqueue("attempts", "{\"id\":\"two\"}");

        harness.events().recordOutcomes(List.of(DeliveryOutcome.failed(id, FAILED), DeliveryOutcome.delivered(id, ACCEPTED, null)));

        assertThat(attempts(id)).containsExactly(FAILED, ACCEPTED);
        assertThat(harness.events().byId(List.of(id)).get(id).status()).isEqualTo(EventStatus.DONE);
        assertThat(count("SELECT attempts FROM events WHERE id = ?", id)).isEqualTo(2);
    }

    @Test
    void anAttemptOfAnEventNoLongerStoredIsDroppedAndTheRestOfTheRoundIsRecorded() throws Exception {
        UUID stored = harness.enqueue("attempts", "{\"id\":\"kept\"}");
        UUID gone = UUID.randomUUID();

        harness.events().recordOutcomes(List.of(DeliveryOutcome.failed(gone, FAILED), DeliveryOutcome.delivered(stored, ACCEPTED, null)));

        assertThat(attempts(gone)).isEmpty();
        assertThat(attempts(stored)).containsExactly(ACCEPTED);
    }

    @Test
    void anEventsAttemptsGoWithIt() throws Exception {
        UUID id = harness.enqueue("attempts", "{\"id\":\"deleted\"}");
        harness.events().recordOutcomes(List.of(DeliveryOutcome.delivered(id, ACCEPTED, null)));

        try (Connection c = harness.dataSource().getConnection(); PreparedStatement delete = c.prepareStatement("DELETE FROM events WHERE id = ?")) {
            delete.setObject(1, id);
            delete.executeUpdate();
        }

        assertThat(attempts(id)).isEmpty();
    }

    private static List<DeliveryAttempt> attempts(UUID id) throws Exception {
        List<DeliveryAttempt> attempts = new ArrayList<>();
        try (Connection c = harness.dataSource().getConnection(); PreparedStatement select = c.prepareStatement("""
                SELECT attempted_at, http_status, failure_class, error FROM delivery_attempts WHERE event_id = ? ORDER BY attempted_at""")) {
            select.setObject(1, id);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    String failureClass = rs.getString(3);
                    attempts.add(new DeliveryAttempt(rs.getTimestamp(1).toInstant(), rs.getInt(2),
                            failureClass != null ? FailureClass.fromWire(failureClass) : null, rs.getString(4)));
                }
            }
        }
        return attempts;
    }

    private static int count(String sql, UUID id) throws Exception {
        try (Connection c = harness.dataSource().getConnection(); PreparedStatement select = c.prepareStatement(sql)) {
            select.setObject(1, id);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
