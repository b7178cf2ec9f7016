package io.hookwarden.runtime.worker;

import static io.hookwarden.runtime.worker.WorkerDeliveryTest.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookwarden.runtime.testing.TestSink;
import io.hookwarden.runtime.testing.TestSink.Answer;
import io.hookwarden.runtime.testing.WorkerHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Per-entity order on FIFO queues: message groups across competing workers, and the version guard. */
class FifoOrderingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static TestSink sink;
    static WorkerHarness harness;

    @BeforeAll
    static void start() {
        sink = new TestSink();
        harness = new WorkerHarness("""
                apiVersion: v1
                kind: Secret
                metadata: {name: s, namespace: test}
                stringData: {k: secret}
                """
                + source("ordered", "  queue: {type: fifo, orderingKey: /entity, visibilityTimeoutSeconds: 10}\n", sink)
                        .replace("timeoutSeconds: 2,", "timeoutSeconds: 10, concurrency: 10,")
                + source("versioned", "  queue: {type: fifo, orderingKey: /entity, visibilityTimeoutSeconds: 10}\n"
                        + "  ordering: {versionFrom: /updated_at}\n", sink));
    }

    @AfterAll
    static void stop() {
        harness.close();
        sink.close();
    }

    @Test
    void eightWorkersKeepEachEntitysOrderWhileEntitiesRunInParallel() throws Exception {
        int entities = 100;
        int eventsPerEntity = 20;
        // A little work per request, so deliveries of different entities overlap.
        sink.script("/ordered", (request, seen) -> new Answer(200, Map.of(), 2));
        // Eight consumers, as eight worker pods would be: each its own poller and delivery slots.
        WorkerSettings onePoller = new WorkerSettings(1, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(5));
        List<Worker> workers = IntStream.range(0, 8).mapToObj(i -> harness.startWorker(onePoller, "ordered")).toList();
        try {
            // Produced while consumed, a few events per entity ahead: each group always has several
            // messages queued (the order to keep), and ElasticMQ's FIFO queue stays shallow (its cost grows with depth).
            for (int seq = 0; seq < eventsPerEntity; seq++) {
                int ahead = seq - 4;
                await().atMost(Duration.ofSeconds(120)).until(() -> sink.accepted("/ordered").size() >= ahead * entities);
                List<String> round = new ArrayList<>();
                for (int entity = 0; entity < entities; entity++) {
                    round.add("{\"entity\":\"e" + entity + "\",\"seq\":" + seq + "}");
                }
                harness.enqueue("ordered", round);
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> sink.accepted("/ordered").size() >= entities * eventsPerEntity);
        } finally {
            workers.parallelStream().forEach(Worker::close);
        }
        Map<String, List<Integer>> arrivals = new LinkedHashMap<>();
        for (TestSink.Received request : sink.accepted("/ordered")) {
            JsonNode body = JSON.readTree(request.body());
            arrivals.computeIfAbsent(body.path("entity").asText(), e -> new ArrayList<>()).add(body.path("seq").asInt());
        }
        List<Integer> inOrder = IntStream.range(0, eventsPerEntity).boxed().toList();
        assertThat(arrivals).hasSize(entities);
        // At least once: an attempt that timed out may have reached the sink and is then sent again,
        // right away, before anything later of its entity. Never an older event after a newer one.
        arrivals.forEach((entity, seqs) -> assertThat(withoutRepeats(seqs)).as("deliveries of %s: %s", entity, seqs)
                .isEqualTo(inOrder));
        assertThat(sink.mostConcurrent("/ordered")).isGreaterThan(1);
    }

    private static List<Integer> withoutRepeats(List<Integer> seqs) {
        List<Integer> collapsed = new ArrayList<>();
        for (Integer seq : seqs) {
            if (collapsed.isEmpty() || !collapsed.get(collapsed.size() - 1).equals(seq)) {
                collapsed.add(seq);
            }
        }
        return collapsed;
    }

    @Test
    void olderVersionThanTheOneDeliveredIsSupersededNotDelivered() {
        String entity = "post-" + UUID.randomUUID();
        List<UUID> first = harness.enqueue("versioned", List.of(
                "{\"entity\":\"" + entity + "\",\"updated_at\":\"2026-01-03T10:00:00Z\"}",
                "{\"entity\":\"" + entity + "\",\"updated_at\":\"2026-01-01T10:00:00Z\"}"));
        try (Worker ignored = harness.startWorker(WorkerHarness.FAST, "versioned")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> "done".equals(harness.status(first.get(0)))
                    && "superseded".equals(harness.status(first.get(1))));
            // Later, in another batch: the guard reads the delivered version back from PostgreSQL.
            List<UUID> later = harness.enqueue("versioned", List.of(
                    "{\"entity\":\"" + entity + "\",\"updated_at\":\"2026-01-02T10:00:00+00:00\"}",
                    "{\"entity\":\"" + entity + "\",\"updated_at\":\"2026-01-04T10:00:00.5Z\"}"));
            await().atMost(Duration.ofSeconds(10)).until(() -> "superseded".equals(harness.status(later.get(0)))
                    && "done".equals(harness.status(later.get(1))));
        }
        assertThat(sink.accepted("/versioned")).extracting(TestSink.Received::body)
                .allMatch(body -> body.contains(entity))
                .extracting(body -> body.substring(body.indexOf("updated_at")))
                .containsExactly("updated_at\":\"2026-01-03T10:00:00Z\"}", "updated_at\":\"2026-01-04T10:00:00.5Z\"}");
        assertThat(harness.depth(harness.source("versioned").queueName())).isZero();
    }
}
