package io.hookwarden.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookwarden.runtime.local.LocalInfrastructure;
import io.hookwarden.runtime.testing.Signer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged runtime, in {@code serve} mode, killed with SIGKILL while it is taking requests and
 * started again: every request that got a 2xx is in PostgreSQL and reaches SQS.
 */
class RuntimeRestartIT {
    private static final String MANIFEST = """
            apiVersion: v1
            kind: Secret
            metadata: {name: hooks, namespace: it}
            stringData: {secret: test-secret-current}
            ---
            apiVersion: hookwarden.io/v1alpha1
            kind: WebhookSource
            metadata: {name: shop, namespace: it}
            spec:
              verification: {scheme: hmac-sha256-v1, secretRef: {name: hooks, key: secret}}
            """;

    @TempDir
    Path dir;

    private LocalInfrastructure infrastructure;
    private Process runtime;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.destroyForcibly();
        }
        if (infrastructure != null) {
            infrastructure.close();
        }
    }

    @Test
    void killedRuntimeLosesNoAcknowledgedEvent() throws Exception {
        infrastructure = LocalInfrastructure.start(dir.resolve("data"));
        Path manifest = Files.writeString(dir.resolve("sources.yaml"), MANIFEST);
        int port = freePort();
        runtime = start(manifest, port);

        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        Map<String, String> bodies = new ConcurrentHashMap<>();
        AtomicInteger sent = new AtomicInteger();
        ExecutorService producers = Executors.newFixedThreadPool(16);
        for (int t = 0; t < 16; t++) {
            producers.submit(() -> {
                while (!Thread.currentThread().isInterrupted() && sent.get() < 5_000) {
                    String key = UUID.randomUUID().toString();
                    String body = "{\"id\":\"" + key + "\",\"n\":" + sent.incrementAndGet() + "}";
                    try {
                        HttpResponse<String> response = post(port, key, body);
                        if (response.statusCode() == 202) {
                            acknowledged.put(key, eventId(response.body()));
                            bodies.put(key, body);
                        }
                    } catch (IOException e) {
                        // Connection refused or reset: the process is down, which is the point.
                    } catch (InterruptedException e) {
                        return null;
                    }
                }
                return null;
            });
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 300);
        runtime.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        producers.shutdownNow();
        producers.awaitTermination(10, TimeUnit.SECONDS);
        runtime = start(manifest, port);

        try (Connection db = DriverManager.getConnection(infrastructure.jdbcUrl(), "postgres", "postgres")) {
            for (Map.Entry<String, String> ack : acknowledged.entrySet()) {
                assertThat(eventIdOfKey(db, ack.getKey())).as("row of acknowledged key %s", ack.getKey()).isEqualTo(ack.getValue());
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> pendingCount(db) == 0);
        }
        List<String> sample = new ArrayList<>(acknowledged.keySet()).subList(0, 20);
        for (String key : sample) {
            HttpResponse<String> again = post(port, key, bodies.get(key));
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(eventId(again.body())).isEqualTo(acknowledged.get(key));
        }
    }

    private Process start(Path manifest, int port) throws IOException {
        int managementPort = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        infrastructure.runtimeConfig().forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", System.getProperty("hookwarden.runtime.jar"),
                "serve", "--sources", manifest.toString(), "--port", Integer.toString(port),
                "--management-port", Integer.toString(managementPort)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("runtime-" + System.nanoTime() + ".log").toFile()).start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() ->
                http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        return process;
    }

    private HttpResponse<String> post(int port, String key, String body) throws IOException, InterruptedException {
        String ts = Signer.now();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/shop"))
                .header("Content-Type", "application/json")
                .header("X-Timestamp", ts)
                .header("X-Idempotency-Key", key)
                .header("X-Signature", Signer.sign(Signer.CURRENT_SECRET, ts, body.getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String eventId(String json) {
        return json.replaceAll(".*\"event_id\":\"([^\"]+)\".*", "$1");
    }

    private static String eventIdOfKey(Connection db, String key) throws Exception {
        try (PreparedStatement s = db.prepareStatement("SELECT id FROM events WHERE source = 'shop' AND idempotency_key = ?")) {
            s.setString(1, key);
            ResultSet rs = s.executeQuery();
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static long pendingCount(Connection db) throws Exception {
        try (ResultSet rs = db.createStatement().executeQuery("SELECT count(*) FROM events WHERE status = 'received'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
