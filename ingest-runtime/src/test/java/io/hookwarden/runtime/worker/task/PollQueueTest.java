package io.hookwarden.runtime.worker.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookwarden.runtime.config.Source;
import io.hookwarden.runtime.testing.WorkerHarness;
import io.hookwarden.runtime.worker.task.TaskFixture.RecordingLedger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A poller against a real ElasticMQ queue. */
class PollQueueTest {
    static WorkerHarness harness;

    @BeforeAll
    static void start() {
        harness = new WorkerHarness(TaskFixture.manifests(
                "  sink: {url: \"http://127.0.0.1:9/\", concurrency: 2}\n  queue: {visibilityTimeoutSeconds: 30}\n", "bounded", "paused"));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private final ConsumerState state = new ConsumerState();
    private final List<InFlightMessage> handedOver = new CopyOnWriteArrayList<>();

    private InFlight pollInBackground(Source source) {
        InFlight inFlight = new InFlight(source.spec().getSink().effectiveConcurrency(), TaskFixture.direct(harness.sqs()),
                new RecordingLedger(), () -> harness.queues().url(source.queueName()), new DeliveryLog(source.name()));
        PollQueue poller = new PollQueue(source, harness.queues(), Duration.ofSeconds(1), inFlight, state,
                messages -> messages.forEach(m -> handedOver.add(inFlight.track(m))));
        state.start();
        Thread thread = new Thread(poller, "poll-queue-test");
        thread.setDaemon(true);
        thread.start();
        return inFlight;
    }

    private static List<String> bodies(int n) {
        return IntStream.range(0, n).mapToObj(i -> "{\"n\":" + i + "}").toList();
    }

    @Test
    void noMoreMessagesAreReceivedThanThereAreFreeDeliverySlots() throws InterruptedException {
        harness.enqueue("bounded", bodies(5));
        InFlight inFlight = pollInBackground(harness.source("bounded"));
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> handedOver.size() == 2);
            Thread.sleep(2_500);
            assertThat(handedOver).as("both slots are taken until a message is finished").hasSize(2);

            handedOver.forEach(inFlight::delete);
            await().atMost(Duration.ofSeconds(20)).until(() -> handedOver.size() == 4);
        } finally {
            state.stop();
        }
    }

    @Test
    void nothingIsReceivedWhileTheSourceIsPaused() throws InterruptedException {
        harness.enqueue("paused", bodies(1));
        state.pause(Duration.ofSeconds(3));
        pollInBackground(harness.source("paused"));
        try {
            Thread.sleep(1_500);
            assertThat(handedOver).isEmpty();
            await().atMost(Duration.ofSeconds(20)).until(() -> handedOver.size() == 1);
        } finally {
            state.stop();
        }
    }
}
