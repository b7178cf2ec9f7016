package io.hookwarden.runtime.worker.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookwarden.api.metrics.FailureClass;
import io.hookwarden.api.metrics.Metric;
import io.hookwarden.api.sqs.MessageAttributes;
import io.hookwarden.runtime.config.Source;
import io.hookwarden.runtime.store.DeliveryOutcome;
import io.hookwarden.runtime.store.EventStatus;
import io.hookwarden.runtime.testing.Attributes;
import io.hookwarden.runtime.testing.WorkerHarness;
import io.hookwarden.runtime.worker.DeliveryMetrics;
import io.hookwarden.runtime.worker.SinkClient;
import io.hookwarden.runtime.worker.task.TaskFixture.QueuedExecutor;
import io.hookwarden.runtime.worker.task.TaskFixture.RecordingActions;
import io.hookwarden.runtime.worker.task.TaskFixture.RecordingLedger;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/** What a received batch becomes before any delivery, against real PostgreSQL rows. */
class ReadBatchTest {
    static WorkerHarness harness;

    @BeforeAll
    static void start() {
        harness = new WorkerHarness("""
                apiVersion: hookwarden.io/v1alpha1
                kind: WebhookSource
                metadata: {name: read, namespace: test}
                spec:
                  verification: {scheme: hmac-sha256-v1, secretRef: {name: s, key: k}}
                  sink: {url: "http://127.0.0.1:9/"}
                """);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private final Source source = harness.source("read");
    private final RecordingActions actions = new RecordingActions();
    private final RecordingLedger ledger = new RecordingLedger();
    private final ConsumerState state = new ConsumerState();
    private final InFlight inFlight = new InFlight(10, actions, ledger, () -> TaskFixture.QUEUE_URL, new DeliveryLog("read"));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final QueuedExecutor dlqCopies = new QueuedExecutor();
    private final Vertx vertx = Vertx.vertx();
    private final SinkClient sink = new SinkClient(vertx, source, Duration.ofSeconds(5));
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ReadBatch batches;

    ReadBatchTest() {
        DeliveryMetrics metrics = new DeliveryMetrics(meters, source);
        DeliveryLog log = new DeliveryLog("read");
        MoveToDeadLetterQueue deadLetters = new MoveToDeadLetterQueue(source, harness.queues(), inFlight, ledger, metrics, log,
                dlqCopies, state);
        DeliverChain chains = new DeliverChain(sink, new HandleOutcome(source, inFlight, ledger, metrics, log, deadLetters, state),
                deadLetters, inFlight, metrics, log, scheduler, state, source.spec().getSink().getRetry());
        batches = new ReadBatch(source, harness.events(), inFlight, metrics, log, deadLetters, chains);
    }

    @AfterEach
    void close() {
        sink.close();
        vertx.close();
        scheduler.shutdownNow();
    }

    private static void markDone(UUID id) throws SQLException {
        try (Connection c = harness.dataSource().getConnection();
                PreparedStatement update = c.prepareStatement("UPDATE events SET status = 'done' WHERE id = ?")) {
            update.setObject(1, id);
            update.executeUpdate();
        }
    }

    private double deadLettered(FailureClass failureClass) {
        return meters.get(Metric.DELIVERIES.meterName()).tags("result", "dead_lettered", "failure_class", failureClass.wire()).counter().count();
    }

    @Test
    void aMessageOfAnEventAlreadyDeliveredIsDeletedAsADuplicate() throws SQLException {
        UUID id = harness.enqueue("read", "{\"n\":1}");
        markDone(id);

        batches.process(List.of(TaskFixture.message(source, id, 2, null)));

        assertThat(actions.actions).containsExactly("delete handle-" + id);
        assertThat(meters.get(Metric.DEDUP_HITS.meterName()).counter().count()).isEqualTo(1);
        assertThat(ledger.outcomes).isEmpty();
    }

    @Test
    void anEventDeliveredWhilePostgresqlCouldNotRecordItIsRecordedNotDeliveredAgainWhenItsMessageComesBack() {
        UUID id = harness.enqueue("read", "{\"n\":4}");
        ledger.holdCommits = true;
        InFlightMessage delivered = inFlight.track(TaskFixture.message(source, id, 1, null));
        inFlight.deleteWhenRecorded(delivered, DeliveryOutcome.delivered(id, null, null));
        ledger.pending.get(0).completeExceptionally(new SQLException("connection refused"));
        ledger.holdCommits = false;

        batches.process(List.of(TaskFixture.message(source, id, 2, null)));

        // Delivered again, its sink (port 9: nothing listens) would have been called and the attempt failed.
        assertThat(ledger.outcomes).extracting(DeliveryOutcome::status).containsExactly(EventStatus.DONE, EventStatus.DONE);
        assertThat(actions.actions).containsExactly("delete handle-" + id);
    }

    @Test
    void twoMessagesOfOneEventInOneBatchAreDeliveredOnce() {
        UUID id = harness.enqueue("read", "{\"n\":2}");
        state.stop();

        batches.process(List.of(TaskFixture.message(source, id, 1, null), TaskFixture.message(source, id, 1, null)));

        // The first starts a chain (released at once: the consumer is stopping), the second is a duplicate.
        assertThat(actions.actions).containsExactlyInAnyOrder("delete handle-" + id, "visible handle-" + id + " 0");
    }

    @Test
    void aMessageOfAnEventNotInPostgresqlIsPoisonAndWritesNoRow() {
        UUID unknown = UUID.randomUUID();

        batches.process(List.of(TaskFixture.message(source, unknown, 1, null)));

        // Not this source's event: the id may be another source's, whose row is not this worker's to mark.
        assertThat(ledger.outcomes).isEmpty();
        assertThat(deadLettered(FailureClass.POISON)).isEqualTo(1);
        assertThat(dlqCopies.tasks).hasSize(1);
    }

    @Test
    void aMessageNamingNoSourceIsPoisonAndWritesNoRow() {
        UUID id = harness.enqueue("read", "{\"n\":3}");

        batches.process(List.of(TaskFixture.message(id, 1, null)));

        assertThat(ledger.outcomes).isEmpty();
        assertThat(deadLettered(FailureClass.POISON)).isEqualTo(1);
        assertThat(dlqCopies.tasks).hasSize(1);
    }

    @Test
    void aMessageWithoutAnEventIdIsPoisonAndNothingIsRecorded() {
        Message foreign = Message.builder().messageId("m").receiptHandle("foreign").body("{}")
                .messageAttributes(Map.of(MessageAttributes.SOURCE, Attributes.text("read"))).build();

        batches.process(List.of(foreign));

        assertThat(deadLettered(FailureClass.POISON)).isEqualTo(1);
        assertThat(ledger.outcomes).isEmpty();
        assertThat(dlqCopies.tasks).hasSize(1);
    }
}
