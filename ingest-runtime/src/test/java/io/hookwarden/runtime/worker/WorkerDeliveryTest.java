package io.hookwarden.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookwarden.runtime.testing.TestSink;
import io.hookwarden.runtime.testing.TestSink.Answer;
import io.hookwarden.runtime.testing.WorkerHarness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/** Workers against real ElasticMQ, PostgreSQL and an HTTP sink that answers as each test scripts it. */
class WorkerDeliveryTest {
    private static final String SECRET = """
            apiVersion: v1
            kind: Secret
            metadata: {name: s, namespace: test}
            stringData: {k: secret}
            """;

    static TestSink sink;
    static WorkerHarness harness;

    /** A source whose sink is the test sink's /name path. */
    static String source(String name, String spec, TestSink sink) {
        return "---\napiVersion: hookwarden.io/v1alpha1\nkind: WebhookSource\nmetadata: {name: " + name + ", namespace: test}\n"
                + "spec:\n  verification: {scheme: hmac-sha256-v1, secretRef: {name: s, key: k}}\n"
                + "  sink: {url: \"" + sink.url("/" + name) + "\", timeoutSeconds: 2, retry: {initialBackoffSeconds: 1, maxBackoffSeconds: 1}}\n"
                + spec;
    }

    @BeforeAll
    static void start() {
        sink = new TestSink();
        harness = new WorkerHarness(SECRET
                + source("plain", "  queue: {visibilityTimeoutSeconds: 5}\n", sink)
                + source("flaky", "  queue: {visibilityTimeoutSeconds: 5}\n", sink)
                + source("guarded", "  queue: {visibilityTimeoutSeconds: 5}\n", sink)
                + source("forged", "  queue: {visibilityTimeoutSeconds: 5}\n", sink)
                + source("other", "  queue: {visibilityTimeoutSeconds: 5}\n", sink)
                + source("trickling", "  queue: {visibilityTimeoutSeconds: 30}\n", sink)
                + source("broken", "  queue: {visibilityTimeoutSeconds: 5, deadLetter: {maxReceiveCount: 5}}\n", sink)
                + source("throttled", "  queue: {visibilityTimeoutSeconds: 5, deadLetter: {maxReceiveCount: 2}}\n", sink)
                + source("structured", "  queue: {visibilityTimeoutSeconds: 5}\n", sink)
                        .replace("timeoutSeconds: 2,", "timeoutSeconds: 2, mode: structured,")
                + source("slow", "  queue: {visibilityTimeoutSeconds: 2}\n", sink).replace("timeoutSeconds: 2,", "timeoutSeconds: 10,")
                + source("crashing", "  queue: {visibilityTimeoutSeconds: 2}\n", sink).replace("timeoutSeconds: 2,", "timeoutSeconds: 30,"));
    }

    @AfterAll
    static void stop() {
        harness.close();
        sink.close();
    }

    @Test
    void binaryModeCarriesTheCloudEventInHeadersAndTheOriginalBody() throws Exception {
        String body = "{\"type\":\"post.updated\",\"id\":\"42\"}";
        UUID id = harness.enqueue("plain", body);
        try (Worker ignored = harness.startWorker(WorkerHarness.FAST, "plain")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> "done".equals(harness.status(id)));
        }
        TestSink.Received request = sink.accepted("/plain").get(0);
        assertThat(request.ceId()).isEqualTo(id.toString());
        assertThat(request.header("ce-specversion")).isEqualTo("1.0");
        assertThat(request.header("ce-source")).isEqualTo("hookwarden/test/plain");
        assertThat(request.header("ce-type")).isEqualTo("test.event");
        assertThat(request.header("ce-time")).isNotBlank();
        assertThat(request.header("traceparent")).isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.body()).isEqualTo(body);
        assertThat(harness.column(id, "attempts")).isEqualTo("1");
        assertThat(harness.column(id, "delivered_at")).isNotNull();
        assertThat(harness.depth(harness.source("plain").queueName())).isZero();
    }

    @Test
    void transientServerErrorsThenSuccessDeliverOnce() {
        sink.script("/flaky", (request, seen) -> Answer.status(seen <= 2 ? 500 : 200));
        UUID id = harness.enqueue("flaky", "{\"n\":1}");
        try (Worker ignored = harness.startWorker(WorkerHarness.FAST, "flaky")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> "done".equals(harness.status(id)));
        }
        assertThat(sink.received("/flaky")).hasSize(3);
        assertThat(sink.accepted("/flaky")).hasSize(1).allMatch(r -> r.ceId().equals(id.toString()));
        assertThat(harness.column(id, "attempts")).isEqualTo("3");
        assertThat(harness.column(id, "failure_class")).isEqualTo("http_5xx");
        assertThat(harness.depth(harness.source("flaky").queueName())).isZero();
        assertThat(harness.depth(harness.source("flaky").deadLetterQueueName())).isZero();
    }

    @Test
    void alwaysFailingEventIsDeadLetteredAfterFiveReceives() {
        sink.script("/broken", (request, seen) -> Answer.status(500));
        UUID id = harness.enqueue("broken", "{\"n\":1}");
        try (Worker ignored = harness.startWorker(WorkerHarness.FAST, "broken")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> "dead_lettered".equals(harness.status(id)));
            await().atMost(Duration.ofSeconds(5)).until(() -> harness.depth(harness.source("broken").deadLetterQueueName()) == 1);
        }
        assertThat(sink.received("/broken")).hasSize(5).allMatch(r -> r.ceId().equals(id.toString()));
        assertThat(harness.column(id, "attempts")).isEqualTo("5");
        assertThat(harness.column(id, "failure_class")).isEqualTo("http_5xx");
        assertThat(harness.column(id, "last_error")).contains("HTTP 500");
        assertThat(harness.column(id, "dead_lettered_at")).isNotNull();
        assertThat(harness.depth(harness.source("broken").queueName())).isZero();
        List<Message> dead = harness.peek(harness.source("broken").deadLetterQueueName());
        assertThat(dead).singleElement().satisfies(m -> assertThat(m.messageAttributes().get("event_id").stringValue())
                .isEqualTo(id.toString()));
    }

    @Test
    void retryAfterPausesTheSourceAndNeverDeadLettersTheEvent() {
        // Four 429s for an event allowed two receives: throttling must not spend them.
        sink.script("/throttled", (request, seen) -> seen <= 4
                ? new Answer(429, Map.of("Retry-After", "1"), 0) : Answer.status(200));
        List<UUID> ids = harness.enqueue("throttled", List.of("{\"n\":1}", "{\"n\":2}"));
        try (Worker ignored = harness.startWorker(WorkerHarness.FAST, "throttled")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream().allMatch(id -> "done".equals(harness.status(id))));
        }
        assertThat(harness.depth(harness.source("throttled").deadLetterQueueName())).isZero();
        assertThat(sink.accepted("/throttled")).hasSize(2);
        for (UUID id : ids) {
            assertThat(harness.column(id, "failure_class")).isEqualTo("rate_limited");
        }
        // Paused means paused: requests come in rounds (both events were in flight together), a second apart.
        List<TestSink.Received> requests = sink.received("/throttled");
        for (int i = 1; i < requests.size(); i++) {
            long gap = requests.get(i).atMillis() - requests.get(i - 1).atMillis();
            assertThat(gap < 200 || gap >= 900).as("gap of %d ms between requests", gap).isTrue();
        }
    }

    @Test
    void structuredModeSendsOneCloudEventsJsonDocument() throws Exception {
        String body = "{\"type\":\"order.paid\",\"total\":5}";
        UUID id = harness.enqueue("structured", body);
        try (Worker ignored = harness.startWorker(WorkerHarness.FAST, "structured")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> "done".equals(harness.status(id)));
        }
        TestSink.Received request = sink.accepted("/structured").get(0);
        assertThat(request.header("Content-Type")).startsWith("application/cloudevents+json");
        JsonNode event = new ObjectMapper().readTree(request.body());
        assertThat(event.path("id").asText()).isEqualTo(id.toString());
        assertThat(event.path("specversion").asText()).isEqualTo("1.0");
        assertThat(event.path("source").asText()).isEqualTo("hookwarden/test/structured");
        assertThat(event.path("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(event.path("data").path("total").asInt()).isEqualTo(5);
    }

    @Test
    void poisonMessageGoesStraightToTheDeadLetterQueue() {
        UUID unknown = UUID.randomUUID();
        String queue = harness.source("plain").queueName();
        harness.sqs().sendMessage(r -> r.queueUrl(harness.queues().url(queue)).messageBody(unknown.toString())
                .messageAttributes(Map.of("event_id", io.hookwarden.runtime.testing.Attributes.text(unknown.toString()),
                        "payload", io.hookwarden.runtime.testing.Attributes.text("stored"))));
        int before = sink.received("/plain").size();
        try (Worker ignored = harness.startWorker(WorkerHarness.FAST, "plain")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> harness.depth(harness.source("plain").deadLetterQueueName()) == 1);
        }
        assertThat(sink.received("/plain")).hasSize(before);
        assertThat(harness.depth(queue)).isZero();
        assertThat(harness.peek(harness.source("plain").deadLetterQueueName()))
                .singleElement().satisfies(m -> assertThat(m.body()).isEqualTo(unknown.toString()));
    }

    @Test
    void messageOfAnotherSourceOnItsQueueIsDeadLetteredAndNeverDelivered() {
        UUID foreign = harness.enqueueOnto("guarded", "other", List.of("{\"tenant\":\"other\"}")).get(0);
        int before = sink.received("/guarded").size();
        try (Worker ignored = harness.startWorker(WorkerHarness.FAST, "guarded")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> harness.depth(harness.source("guarded").deadLetterQueueName()) == 1);
        }
        assertThat(sink.received("/guarded")).hasSize(before);
        assertThat(harness.peek(harness.source("guarded").deadLetterQueueName())).singleElement()
                .satisfies(m -> assertThat(m.messageAttributes().get("event_id").stringValue()).isEqualTo(foreign.toString()));
        assertThat(harness.status(foreign)).as("the other source's event is not this worker's to mark").isEqualTo("queued");
    }

    @Test
    void messageClaimingThisSourceForAnotherSourcesEventIsDeadLetteredAndNeverDelivered() {
        UUID foreign = harness.enqueue("other", "{\"tenant\":\"other\"}");
        String forgedQueue = harness.source("forged").queueName();
        harness.sqs().sendMessage(r -> r.queueUrl(harness.queues().url(forgedQueue)).messageBody("{\"forged\":true}")
                .messageAttributes(Map.of("event_id", io.hookwarden.runtime.testing.Attributes.text(foreign.toString()),
                        "source", io.hookwarden.runtime.testing.Attributes.text("forged"),
                        "namespace", io.hookwarden.runtime.testing.Attributes.text("test"),
                        "payload", io.hookwarden.runtime.testing.Attributes.text("inline"))));
        int before = sink.received("/forged").size();
        try (Worker ignored = harness.startWorker(WorkerHarness.FAST, "forged")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> harness.depth(harness.source("forged").deadLetterQueueName()) == 1);
        }
        assertThat(sink.received("/forged")).hasSize(before);
        assertThat(harness.status(foreign)).isEqualTo("queued");
    }

    @Test
    void sinkTricklingItsAnswerIsCutOffAtTheTimeout() {
        // A byte every 500 ms never leaves the connection idle for the 2 s timeout, yet the answer takes 30 s.
        sink.script("/trickling", (request, seen) -> Answer.trickle(200, 500));
        UUID id = harness.enqueue("trickling", "{\"n\":1}");
        long start = System.currentTimeMillis();
        try (Worker ignored = harness.startWorker(WorkerHarness.FAST, "trickling")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> "timeout".equals(harness.column(id, "failure_class")));
        }
        assertThat(System.currentTimeMillis() - start).isLessThan(10_000);
        assertThat(harness.column(id, "last_error")).contains("within 2000 ms");
        assertThat(harness.status(id)).isNotEqualTo("done");
    }

    @Test
    void longDeliveryKeepsItsMessageInvisible() {
        // 5 s of work against a 2 s visibility timeout: without a heartbeat the message would be handed out again.
        sink.script("/slow", (request, seen) -> new Answer(200, Map.of(), 5_000));
        UUID id = harness.enqueue("slow", "{\"n\":1}");
        try (Worker ignored = harness.startWorker(WorkerHarness.FAST, "slow")) {
            await().atMost(Duration.ofSeconds(15)).until(() -> "done".equals(harness.status(id)));
        }
        assertThat(sink.received("/slow")).hasSize(1);
    }

    @Test
    void killedWorkerMidDeliveryIsRedeliveredWithTheSameCeId() {
        sink.script("/crashing", (request, seen) -> seen == 1 ? Answer.never() : Answer.status(200));
        UUID id = harness.enqueue("crashing", "{\"n\":1}");
        Worker first = harness.startWorker(WorkerHarness.FAST, "crashing");
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.received("/crashing").size() == 1);
        first.halt();
        long killedAt = System.currentTimeMillis();
        try (Worker ignored = harness.startWorker(WorkerHarness.FAST, "crashing")) {
            await().atMost(Duration.ofSeconds(15)).until(() -> "done".equals(harness.status(id)));
        }
        List<TestSink.Received> requests = sink.received("/crashing");
        assertThat(requests).hasSize(2).allMatch(r -> r.ceId().equals(id.toString()));
        // Redelivered only once the dead worker's visibility timeout ran out.
        assertThat(requests.get(1).atMillis() - killedAt).isGreaterThan(500);
    }
}
