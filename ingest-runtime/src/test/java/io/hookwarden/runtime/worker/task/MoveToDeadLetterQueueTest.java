package io.hookwarden.runtime.worker.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookwarden.api.metrics.FailureClass;
import io.hookwarden.runtime.config.Source;
import io.hookwarden.runtime.sqs.EventAttributes;
import io.hookwarden.runtime.store.DeliveryAttempt;
import io.hookwarden.runtime.store.EventStatus;
import io.hookwarden.runtime.testing.WorkerHarness;
import io.hookwarden.runtime.worker.DeliveryMetrics;
import io.hookwarden.runtime.worker.task.TaskFixture.RecordingActions;
import io.hookwarden.runtime.worker.task.TaskFixture.RecordingLedger;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/** Dead-letter moves against real ElasticMQ queues. */
class MoveToDeadLetterQueueTest {
    static WorkerHarness harness;

    @BeforeAll
    static void start() {
        harness = new WorkerHarness(TaskFixture.manifests(
                "  sink: {url: \"http://127.0.0.1:9/\", retry: {initialBackoffSeconds: 8, maxBackoffSeconds: 8}}\n", "moved", "nodlq"));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private final RecordingLedger ledger = new RecordingLedger();
    private final ConsumerState state = new ConsumerState();

    private MoveToDeadLetterQueue mover(Source source, InFlight inFlight) {
        return new MoveToDeadLetterQueue(source, harness.queues(), inFlight, ledger,
                new DeliveryMetrics(new SimpleMeterRegistry(), source), new DeliveryLog(source.name()), Runnable::run, state);
    }

    private InFlightMessage received(Source source, InFlight inFlight) {
        UUID id = harness.enqueue(source.name(), "{\"n\":1}");
        Message message = TaskFixture.receive(harness.sqs(), harness.queues().url(source.queueName())).get(0);
        assertThat(EventAttributes.eventId(message)).isEqualTo(id);
        return inFlight.track(message);
    }

    @Test
    void aMessageIsCopiedToTheDeadLetterQueueRecordedAndDeletedFromItsQueue() {
        Source source = harness.source("moved");
        InFlight inFlight = new InFlight(10, TaskFixture.direct(harness.sqs()), ledger,
                () -> harness.queues().url(source.queueName()), new DeliveryLog(source.name()));
        InFlightMessage m = received(source, inFlight);

        DeliveryAttempt last = new DeliveryAttempt(Instant.now(), 503, FailureClass.HTTP_5XX, "503 from the sink");
        mover(source, inFlight).move(m, last);

        assertThat(harness.depth(source.queueName())).isZero();
        List<Message> dead = harness.peek(source.deadLetterQueueName());
        assertThat(dead).singleElement().satisfies(copy -> {
            assertThat(EventAttributes.eventId(copy)).isEqualTo(m.eventId);
            assertThat(copy.body()).isEqualTo(m.message.body());
        });
        assertThat(ledger.outcomes).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(EventStatus.DEAD_LETTERED);
            assertThat(o.attempt()).isEqualTo(last);
            assertThat(o.error()).isEqualTo("503 from the sink");
        });
    }

    @Test
    void aMessageThatCannotReachTheDeadLetterQueueGoesBackToItsQueueWithBackoff() {
        Source source = harness.source("nodlq");
        RecordingActions actions = new RecordingActions();
        InFlight inFlight = new InFlight(10, actions, ledger, () -> harness.queues().url(source.queueName()),
                new DeliveryLog(source.name()));
        InFlightMessage m = received(source, inFlight);
        harness.sqs().deleteQueue(r -> r.queueUrl(harness.queues().url(source.deadLetterQueueName())));

        mover(source, inFlight).poison(m, "body is not valid JSON");

        // Equal jitter on 8 s: back after 4 to 8 s, for the redrive policy to catch once its receives run out.
        assertThat(actions.actions).singleElement().satisfies(a -> assertThat(a).matches("visible \\S+ [45678]"));
        assertThat(ledger.outcomes).singleElement().satisfies(o -> assertThat(o.failureClass()).isEqualTo(FailureClass.POISON));
    }
}
