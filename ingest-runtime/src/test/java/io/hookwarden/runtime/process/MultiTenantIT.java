package io.hookwarden.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookwarden.api.sqs.MessageAttributes;
import io.hookwarden.api.v1alpha1.QueueNames;
import io.hookwarden.api.v1alpha1.QueueType;
import io.hookwarden.runtime.local.LocalInfrastructure;
import io.hookwarden.runtime.sqs.EventAttributes;
import io.hookwarden.runtime.sqs.SqsClients;
import io.hookwarden.runtime.testing.Signer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Four sources in two namespaces, two of them with one name, each served by its own packaged
 * runtime, all on one PostgreSQL and one SQS, under concurrent signed load. The two {@code stripe}
 * sources get byte-identical requests (same key, body, timestamp, signature): neither may take the
 * other's for a duplicate or a replayed signature.
 */
class MultiTenantIT {
    private static final List<String[]> SOURCES = List.of(
            new String[] {"team-a", "stripe"}, new String[] {"team-b", "stripe"},
            new String[] {"team-a", "github"}, new String[] {"teamb", "shop"});
    private static final int REQUESTS_PER_SOURCE = 400;
    /** Seconds, on a machine shared with other builds; a relay stalled on other sources' rows backs off 5 s a round. */
    private static final Duration MAX_RELAY_LAG = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private LocalInfrastructure infrastructure;
    private final List<Process> runtimes = new ArrayList<>();

    @AfterEach
    void stop() {
        runtimes.forEach(Process::destroyForcibly);
        if (infrastructure != null) {
            infrastructure.close();
        }
    }

    @Test
    void everyAcknowledgedEventReachesOnlyItsOwnSourcesQueueOnce() throws Exception {
        infrastructure = LocalInfrastructure.start(dir.resolve("data"));
        int[] ports = new int[SOURCES.size()];
        // One after the other: four JVMs starting at once on a crowded 2-core machine starve each other past the
        // pool's 2 s connection acquisition timeout.
        for (int i = 0; i < SOURCES.size(); i++) {
            ports[i] = PackagedRuntime.freePort();
            Path manifest = Files.writeString(dir.resolve("source-" + i + ".yaml"), manifest(SOURCES.get(i)[0], SOURCES.get(i)[1]));
            runtimes.add(start(manifest, ports[i]));
        }

        // Per source index: event id -> idempotency key, of every 202.
        List<Map<String, String>> acknowledged = new ArrayList<>();
        SOURCES.forEach(s -> acknowledged.add(new ConcurrentHashMap<>()));
        List<String> refusals = new ArrayList<>();
        ExecutorService producers = Executors.newFixedThreadPool(12);
        List<Future<?>> load = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        for (int t = 0; t < 4; t++) {
            int thread = t;
            load.add(producers.submit(() -> {
                for (int n = thread; n < REQUESTS_PER_SOURCE && System.nanoTime() < deadline; n += 4) {
                    String key = "shared-" + n;
                    String body = "{\"id\":\"" + key + "\"}";
                    String ts = Signer.now();
                    // Identical bytes to both stripes, one after the other.
                    send(0, ports, key, ts, body, acknowledged, refusals);
                    send(1, ports, key, ts, body, acknowledged, refusals);
                }
                return null;
            }));
            for (int s = 2; s < SOURCES.size(); s++) {
                int source = s;
                load.add(producers.submit(() -> {
                    for (int n = thread; n < REQUESTS_PER_SOURCE && System.nanoTime() < deadline; n += 4) {
                        String key = UUID.randomUUID().toString();
                        send(source, ports, key, Signer.now(), "{\"id\":\"" + key + "\"}", acknowledged, refusals);
                    }
                    return null;
                }));
            }
        }
        for (Future<?> f : load) {
            f.get(120, TimeUnit.SECONDS);
        }
        producers.shutdown();
        assertThat(refusals).as("answers other than 202").isEmpty();
        for (int i = 0; i < SOURCES.size(); i++) {
            assertThat(acknowledged.get(i)).as("acknowledged of %s", String.join("/", SOURCES.get(i))).hasSize(REQUESTS_PER_SOURCE);
        }

        try (SqsClient sqs = SqsClients.create("us-east-1", Optional.of(infrastructure.sqsEndpoint()), true)) {
            for (int i = 0; i < SOURCES.size(); i++) {
                String namespace = SOURCES.get(i)[0];
                String name = SOURCES.get(i)[1];
                Map<String, Integer> seen = drain(sqs, QueueNames.mainQueue(namespace, name, QueueType.STANDARD),
                        acknowledged.get(i).size(), namespace, name);
                assertThat(seen.keySet()).as("event ids on the queue of %s/%s", namespace, name)
                        .isEqualTo(acknowledged.get(i).keySet());
                assertThat(Set.copyOf(seen.values())).as("copies of each event").containsOnly(1);
            }
        }
        try (Connection db = DriverManager.getConnection(infrastructure.jdbcUrl(), "postgres", "postgres");
                ResultSet rs = db.createStatement().executeQuery("""
                        SELECT source, count(*), extract(epoch FROM max(enqueued_at - received_at)),
                               percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM enqueued_at - received_at))
                        FROM events GROUP BY source ORDER BY source""")) {
            Map<String, Long> counts = new HashMap<>();
            while (rs.next()) {
                Duration max = Duration.ofMillis(Math.round(rs.getDouble(3) * 1000));
                System.out.printf("relay lag of %s: %d events, p99 %.3f s, max %.3f s%n", rs.getString(1), rs.getLong(2),
                        rs.getDouble(4), rs.getDouble(3));
                assertThat(max).as("relay lag of %s", rs.getString(1)).isLessThan(MAX_RELAY_LAG);
                counts.put(rs.getString(1), rs.getLong(2));
            }
            Map<String, Long> expected = new HashMap<>();
            SOURCES.forEach(s -> expected.put(s[0] + "/" + s[1], (long) REQUESTS_PER_SOURCE));
            assertThat(counts).isEqualTo(expected);
        }
    }

    private static void send(int source, int[] ports, String key, String ts, String body, List<Map<String, String>> acknowledged,
            List<String> refusals) throws Exception {
        HttpResponse<String> response = PackagedRuntime.post(ports[source], SOURCES.get(source)[1], key, ts, body);
        if (response.statusCode() == 202) {
            acknowledged.get(source).put(PackagedRuntime.eventId(response.body()), key);
        } else {
            synchronized (refusals) {
                refusals.add(String.join("/", SOURCES.get(source)) + " " + key + ": " + response.statusCode() + " " + response.body());
            }
        }
    }

    /** Event id -> how many messages carried it, once {@code expected} distinct ids have arrived (or 30 s passed). */
    private static Map<String, Integer> drain(SqsClient sqs, String queue, int expected, String namespace, String name) {
        String url = sqs.getQueueUrl(r -> r.queueName(queue)).queueUrl();
        Map<String, Integer> seen = new HashMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int emptyAfterAll = 0;
        while (System.nanoTime() < deadline && emptyAfterAll < 2) {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .visibilityTimeout(600).messageAttributeNames("All")).messages();
            for (Message m : batch) {
                assertThat(EventAttributes.read(m, MessageAttributes.NAMESPACE)).isEqualTo(namespace);
                assertThat(EventAttributes.read(m, MessageAttributes.SOURCE)).isEqualTo(name);
                seen.merge(EventAttributes.read(m, MessageAttributes.EVENT_ID), 1, Integer::sum);
            }
            if (batch.isEmpty() && seen.size() >= expected) {
                emptyAfterAll++;
            }
        }
        return seen;
    }

    private Process start(Path manifest, int port) throws Exception {
        List<String> config = new ArrayList<>();
        infrastructure.runtimeConfig().forEach((k, v) -> config.add("-D" + k + "=" + v));
        config.add("-Xmx256m");
        return PackagedRuntime.start(dir, config,
                List.of("serve", "--sources", manifest.toString(), "--port", Integer.toString(port)));
    }

    private static String manifest(String namespace, String name) {
        return """
                apiVersion: v1
                kind: Secret
                metadata: {name: hooks, namespace: %1$s}
                stringData: {secret: %3$s}
                ---
                apiVersion: hookwarden.io/v1alpha1
                kind: WebhookSource
                metadata: {name: %2$s, namespace: %1$s}
                spec:
                  verification: {scheme: hmac-sha256-v1, secretRef: {name: hooks, key: secret}}
                """.formatted(namespace, name, Signer.CURRENT_SECRET);
    }
}
