package io.hookwarden.runtime.worker.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookwarden.api.metrics.FailureClass;
import io.hookwarden.runtime.config.Source;
import io.hookwarden.runtime.sqs.SqsClients;
import io.hookwarden.runtime.sqs.SqsQueues;
import io.hookwarden.runtime.store.EventStatus;
import io.hookwarden.runtime.worker.DeliveryMetrics;
import io.hookwarden.runtime.worker.SinkOutcome;
import io.hookwarden.runtime.worker.task.TaskFixture.QueuedExecutor;
import io.hookwarden.runtime.worker.task.TaskFixture.RecordingActions;
import io.hookwarden.runtime.worker.task.TaskFixture.RecordingLedger;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HandleOutcomeTest {
    private static final Source SOURCE = TaskFixture.source("""
              sink: {url: "http://127.0.0.1:9/", retry: {initialBackoffSeconds: 4, maxBackoffSeconds: 4}}
              queue: {deadLetter: {maxReceiveCount: 3}}
            """);

    private final RecordingActions actions = new RecordingActions();
    private final RecordingLedger ledger = new RecordingLedger();
    private final ConsumerState state = new ConsumerState();
    private final InFlight inFlight = new InFlight(10, actions, ledger, () -> TaskFixture.QUEUE_URL, new DeliveryLog("test"));
    private final QueuedExecutor dlqCopies = new QueuedExecutor();
    /** Never called here: the DLQ copy is only handed to {@link #dlqCopies}. */
    private final SqsQueues queues = new SqsQueues(SqsClients.create("us-east-1", Optional.of("http://127.0.0.1:9"), true));
    private final DeliveryMetrics metrics = new DeliveryMetrics(new SimpleMeterRegistry(), SOURCE);
    private final HandleOutcome handle = new HandleOutcome(SOURCE, inFlight, ledger, metrics, new DeliveryLog("test"),
            new MoveToDeadLetterQueue(SOURCE, queues, inFlight, ledger, metrics, new DeliveryLog("test"), dlqCopies, state), state);

    @AfterEach
    void closeClient() {
        queues.client().close();
    }

    private Chain chainOf(int receiveCount, int length) {
        Chain chain = new Chain();
        for (int i = 0; i < length; i++) {
            chain.add(TaskFixture.ready(inFlight, receiveCount));
        }
        return chain;
    }

    @Test
    void anAcceptedDeliveryIsRecordedDoneThenDeletedAndTheChainGoesOn() {
        Chain chain = chainOf(1, 2);

        HandleOutcome.Next next = handle.handle(chain, 0, new SinkOutcome.Accepted(200), System.nanoTime());

        assertThat(next).isInstanceOf(HandleOutcome.Next.Continue.class);
        assertThat(ledger.outcomes).singleElement().satisfies(o -> assertThat(o.status()).isEqualTo(EventStatus.DONE));
        assertThat(actions.actions).containsExactly("delete " + TaskFixture.handle(chain.messages.get(0)));
    }

    @Test
    void aThrottledDeliveryPausesTheSourceAndHoldsTheMessageForItsRetry() {
        Chain chain = chainOf(1, 1);

        HandleOutcome.Next next = handle.handle(chain, 0, new SinkOutcome.Throttled(429, Duration.ofSeconds(7), "429"), System.nanoTime());

        assertThat(next).isInstanceOfSatisfying(HandleOutcome.Next.RetryLater.class, later ->
                assertThat(later.delayNanos()).isBetween(TimeUnit.SECONDS.toNanos(6), TimeUnit.SECONDS.toNanos(7)));
        assertThat(state.paused()).isTrue();
        assertThat(chain.messages.get(0).held()).isTrue();
        assertThat(ledger.outcomes).singleElement().satisfies(o -> {
            assertThat(o.status()).as("still queued").isNull();
            assertThat(o.failureClass()).isEqualTo(FailureClass.RATE_LIMITED);
        });
        assertThat(actions.actions).as("neither deleted nor released: its receives are not spent").isEmpty();
    }

    @Test
    void aFailureWithReceivesLeftSendsTheRestOfTheChainBackWithBackoff() {
        Chain chain = chainOf(1, 3);

        HandleOutcome.Next next = handle.handle(chain, 1, new SinkOutcome.Failed(FailureClass.HTTP_5XX, 503, "503"), System.nanoTime());

        assertThat(next).isInstanceOf(HandleOutcome.Next.Stop.class);
        assertThat(ledger.outcomes).singleElement().satisfies(o -> assertThat(o.failureClass()).isEqualTo(FailureClass.HTTP_5XX));
        // Equal jitter on 4 s: between 2 and 4 s; the first message, delivered before, is left alone.
        assertThat(actions.actions).hasSize(2).allSatisfy(a -> assertThat(a).matches("visible handle-\\S+ [234]"));
        assertThat(actions.actions).noneMatch(a -> a.contains(TaskFixture.handle(chain.messages.get(0))));
    }

    @Test
    void aFailureOnTheLastAllowedReceiveIsDeadLetteredAndTheChainGoesOn() {
        Chain chain = chainOf(3, 2);

        HandleOutcome.Next next = handle.handle(chain, 0, new SinkOutcome.Failed(FailureClass.TIMEOUT, null, "no answer"), System.nanoTime());

        assertThat(next).isInstanceOf(HandleOutcome.Next.Continue.class);
        assertThat(ledger.outcomes).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(EventStatus.DEAD_LETTERED);
            assertThat(o.attempt().failureClass()).isEqualTo(FailureClass.TIMEOUT);
            assertThat(o.attempt().httpStatus()).as("no answer, no status").isNull();
        });
        assertThat(dlqCopies.tasks).as("the copy to the DLQ is on its way").hasSize(1);
    }
}
