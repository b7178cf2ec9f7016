package io.hookwarden.runtime.worker.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookwarden.runtime.config.Source;
import io.hookwarden.runtime.sqs.SqsClients;
import io.hookwarden.runtime.sqs.SqsQueues;
import io.hookwarden.runtime.store.EventStatus;
import io.hookwarden.runtime.testing.TestSink.Answer;
import io.hookwarden.runtime.testing.TestSink;
import io.hookwarden.runtime.worker.DeliveryMetrics;
import io.hookwarden.runtime.worker.SinkClient;
import io.hookwarden.runtime.worker.task.TaskFixture.QueuedExecutor;
import io.hookwarden.runtime.worker.task.TaskFixture.RecordingActions;
import io.hookwarden.runtime.worker.task.TaskFixture.RecordingLedger;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A chain against a real HTTP sink: one message after the other, never two at once. */
class DeliverChainTest {
    private final TestSink sink = new TestSink();
    private final Source source = TaskFixture.source("  sink: {url: \"" + sink.url("/chain") + "\", timeoutSeconds: 5}\n");
    private final Vertx vertx = Vertx.vertx();
    private final SinkClient client = new SinkClient(vertx, source, Duration.ofSeconds(5));
    private final RecordingActions actions = new RecordingActions();
    private final RecordingLedger ledger = new RecordingLedger();
    private final ConsumerState state = new ConsumerState();
    private final InFlight inFlight = new InFlight(10, actions, ledger, () -> TaskFixture.QUEUE_URL, new DeliveryLog("test"));
    private final SqsQueues queues = new SqsQueues(SqsClients.create("us-east-1", Optional.of("http://127.0.0.1:9"), true));
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final DeliverChain chains;

    DeliverChainTest() {
        DeliveryMetrics metrics = new DeliveryMetrics(new SimpleMeterRegistry(), source);
        DeliveryLog log = new DeliveryLog("test");
        MoveToDeadLetterQueue deadLetters = new MoveToDeadLetterQueue(source, queues, inFlight, ledger, metrics, log,
                new QueuedExecutor(), state);
        chains = new DeliverChain(client, new HandleOutcome(source, inFlight, ledger, metrics, log, deadLetters, state),
                deadLetters, inFlight, metrics, log, scheduler, state, source.spec().getSink().getRetry());
        state.start();
    }

    @AfterEach
    void close() {
        client.close();
        vertx.close();
        sink.close();
        queues.client().close();
        scheduler.shutdownNow();
    }

    private Chain chainOf(int length) {
        Chain chain = new Chain();
        for (int i = 0; i < length; i++) {
            chain.add(TaskFixture.ready(inFlight, 1));
        }
        return chain;
    }

    @Test
    void aChainIsDeliveredInOrderOneMessageAtATime() {
        sink.script("/chain", (request, seen) -> new Answer(200, Map.of(), 150));
        Chain chain = chainOf(3);

        chains.start(chain);

        await().atMost(Duration.ofSeconds(20)).until(() -> actions.actions.size() == 3);
        assertThat(sink.received("/chain")).extracting(TestSink.Received::ceId)
                .containsExactlyElementsOf(chain.messages.stream().map(m -> m.eventId.toString()).toList());
        assertThat(sink.mostConcurrent("/chain")).isEqualTo(1);
    }

    @Test
    void aMessageOlderThanWhatTheChainDeliveredIsSupersededNotSent() {
        sink.script("/chain", (request, seen) -> Answer.status(200));
        Chain chain = chainOf(2);
        chain.messages.get(0).version = new BigDecimal(5);
        chain.messages.get(1).version = new BigDecimal(4);

        chains.start(chain);

        await().atMost(Duration.ofSeconds(20)).until(() -> actions.actions.size() == 2);
        assertThat(sink.received("/chain")).hasSize(1);
        assertThat(ledger.outcomes).extracting(o -> o.status()).containsExactly(EventStatus.DONE, EventStatus.SUPERSEDED);
    }

    @Test
    void aStoppedConsumerSendsTheChainBackToTheQueueUndelivered() {
        Chain chain = chainOf(2);
        state.stop();

        chains.start(chain);

        assertThat(sink.received("/chain")).isEmpty();
        assertThat(actions.actions).containsExactly("visible " + TaskFixture.handle(chain.messages.get(0)) + " 0",
                "visible " + TaskFixture.handle(chain.messages.get(1)) + " 0");
    }
}
