package io.hookwarden.runtime.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hookwarden.runtime.testing.TestSink.Answer;
import io.hookwarden.runtime.testing.TestSink;
import io.hookwarden.runtime.testing.WorkerHarness;
import io.hookwarden.runtime.worker.Worker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Requeue and replay against real ElasticMQ and PostgreSQL, with a worker delivering to a real sink. */
class ReplayTest {
    static TestSink sink;
    static WorkerHarness harness;
    static Replayer replayer;

    @BeforeAll
    static void start() {
        sink = new TestSink();
        StringBuilder manifests = new StringBuilder("""
                apiVersion: v1
                kind: Secret
                metadata: {name: s, namespace: test}
                stringData: {k: secret}
                """);
        for (String name : List.of("fixable", "stored")) {
            manifests.append("---\napiVersion: hookwarden.io/v1alpha1\nkind: WebhookSource\nmetadata: {name: ").append(name)
                    .append(", namespace: test}\nspec:\n  verification: {scheme: hmac-sha256-v1, secretRef: {name: s, key: k}}\n")
                    .append("  sink: {url: \"").append(sink.url("/" + name))
                    .append("\", timeoutSeconds: 5, retry: {initialBackoffSeconds: 1, maxBackoffSeconds: 1}}\n")
                    .append("  queue: {visibilityTimeoutSeconds: 5, deadLetter: {maxReceiveCount: 2}}\n");
        }
        harness = new WorkerHarness(manifests.toString());
        replayer = new Replayer(harness.events(), harness.queues(), harness.sources(), new SimpleMeterRegistry());
    }

    @AfterAll
    static void stop() {
        harness.close();
        sink.close();
    }

    private static ReplayProgress replay(Map<String, String> options) {
        ReplayRequest request = ReplayRequest.parse(options);
        ReplayProgress progress = new ReplayProgress("test", request.dryRun());
        replayer.replay(request, progress, p -> { });
        assertThat(progress.state()).as(progress.summary()).isEqualTo(ReplayProgress.State.DONE);
        return progress;
    }

    @Test
    void replayFromTheDeadLetterQueueDeliversEveryEventOnceTheSinkIsFixed() throws Exception {
        sink.script("/fixable", (request, seen) -> Answer.status(500));
        List<UUID> ids = harness.enqueue("fixable", IntStream.range(0, 10).mapToObj(i -> "{\"n\":" + i + "}").toList());
        String dlq = harness.source("fixable").deadLetterQueueName();
        try (Worker ignored = harness.startWorker(WorkerHarness.FAST, "fixable")) {
            await().atMost(Duration.ofSeconds(120)).until(() -> ids.stream().allMatch(id -> "dead_lettered".equals(harness.status(id)))
                    && harness.depth(dlq) >= 10);

            sink.script("/fixable", (request, seen) -> Answer.status(200));
            // One of them is requeued by hand first: the DLQ replay must not send it a second time.
            Replayer.RequeueResult requeued = replayer.requeue(List.of(ids.get(0), UUID.randomUUID()));
            assertThat(requeued.requeued()).containsExactly(ids.get(0));
            assertThat(requeued.notFound()).hasSize(1);
            await().atMost(Duration.ofSeconds(20)).until(() -> "done".equals(harness.status(ids.get(0))));

            ReplayProgress progress = replay(Map.of("source", "fixable", "from-dlq", "true"));
            assertThat(progress.requeued()).isEqualTo(9);
            assertThat(progress.alreadyDelivered()).isGreaterThanOrEqualTo(1);
            await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream().allMatch(id -> "done".equals(harness.status(id))));
        }
        assertThat(harness.depth(dlq)).isZero();
        Map<String, Long> acceptedPerEvent = sink.accepted("/fixable").stream()
                .collect(Collectors.groupingBy(TestSink.Received::ceId, Collectors.counting()));
        assertThat(acceptedPerEvent).hasSize(10).allSatisfy((ceId, times) -> assertThat(times).as(ceId).isEqualTo(1));
        assertThat(acceptedPerEvent.keySet()).containsExactlyInAnyOrderElementsOf(ids.stream().map(UUID::toString).toList());

        // Run again: nothing left to do.
        ReplayProgress again = replay(Map.of("source", "fixable", "from-dlq", "true"));
        assertThat(again.requeued() + again.alreadyDelivered() + again.skipped()).isZero();
    }

    @Test
    void replayFromPostgresSelectsByFilterPacesAndKeepsEventIds() throws Exception {
        List<UUID> paid = new ArrayList<>();
        List<UUID> other = new ArrayList<>();
        List<io.hookwarden.runtime.sqs.OutgoingEvent> events = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            UUID id = io.hookwarden.runtime.store.EventIds.next();
            String type = i < 10 ? "order.paid" : "order.created";
            (i < 10 ? paid : other).add(id);
            events.add(new io.hookwarden.runtime.sqs.OutgoingEvent(id, harness.source("stored"), type, null, "application/json", null,
                    "{\"i\":" + i + "}"));
        }
        harness.insert(events, "dead_lettered");
        try (Connection c = harness.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("UPDATE events SET failure_class = 'http_5xx' WHERE source = 'test/stored'")) {
            s.executeUpdate();
        }

        ReplayProgress dryRun = replay(Map.of("source", "stored", "type", "order.paid", "failure-class", "http_5xx",
                "dry-run", "true"));
        assertThat(dryRun.requeued()).isEqualTo(10);
        assertThat(harness.depth(harness.source("stored").queueName())).isZero();
        assertThat(harness.status(paid.get(0))).isEqualTo("dead_lettered");

        try (Worker ignored = harness.startWorker(WorkerHarness.FAST, "stored")) {
            long start = System.nanoTime();
            ReplayProgress progress = replay(Map.of("source", "stored", "type", "order.paid", "rate", "5/s",
                    "since", "2020-01-01T00:00:00Z"));
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(progress.requeued()).isEqualTo(10);
            // 10 events at 5/s with a bucket of 5: the second five wait a second.
            assertThat(tookMillis).isGreaterThanOrEqualTo(900);
            await().atMost(Duration.ofSeconds(20)).until(() -> paid.stream().allMatch(id -> "done".equals(harness.status(id))));
        }
        assertThat(sink.accepted("/stored")).extracting(TestSink.Received::ceId)
                .containsExactlyInAnyOrderElementsOf(paid.stream().map(UUID::toString).toList());
        assertThat(sink.accepted("/stored")).allSatisfy(r -> assertThat(r.body()).startsWith("{\"i\":"));
        assertThat(other).allSatisfy(id -> assertThat(harness.status(id)).isEqualTo("dead_lettered"));
        // Rerun: the delivered ones are no longer dead-lettered, so nothing is selected.
        assertThat(replay(Map.of("source", "stored", "type", "order.paid")).requeued()).isZero();
    }

    @Test
    void replayOptionsAreCheckedBeforeAnythingRuns() {
        assertThatThrownBy(() -> ReplayRequest.parse(Map.of("from-dlq", "true")))
                .hasMessageContaining("source");
        assertThatThrownBy(() -> ReplayRequest.parse(Map.of("source", "s", "rate", "fast")))
                .hasMessageContaining("rate");
        assertThatThrownBy(() -> ReplayRequest.parse(Map.of("source", "s", "since", "yesterday")))
                .hasMessageContaining("since");
        assertThatThrownBy(() -> ReplayRequest.parse(Map.of("source", "s", "failure-class", "oops")))
                .hasMessageContaining("failure class");
        assertThatThrownBy(() -> ReplayRequest.parse(Map.of("source", "s", "from-dlq", "true", "status", "done")))
                .hasMessageContaining("status");
        ReplayRequest request = ReplayRequest.parse(Map.of("source", "s", "status", "done,dead_lettered", "rate", "20/s"));
        assertThat(request.ratePerSecond()).isEqualTo(20);
        assertThat(request.statuses()).hasSize(2);
    }
}
