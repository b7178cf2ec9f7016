package io.hookwarden.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookwarden.runtime.local.LocalInfrastructure;
import java.io.IOException;
import java.net.http.HttpResponse;
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
    @TempDir
    Path dir;

    private LocalInfrastructure infrastructure;
    private Process runtime;

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
        Path manifest = Files.writeString(dir.resolve("sources.yaml"), PackagedRuntime.MANIFEST);
        int port = PackagedRuntime.freePort();
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
                        HttpResponse<String> response = PackagedRuntime.post(port, key, body);
                        if (response.statusCode() == 202) {
                            acknowledged.put(key, PackagedRuntime.eventId(response.body()));
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
            HttpResponse<String> again = PackagedRuntime.post(port, key, bodies.get(key));
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(PackagedRuntime.eventId(again.body())).isEqualTo(acknowledged.get(key));
        }
    }

    private Process start(Path manifest, int port) throws IOException {
        List<String> config = new ArrayList<>();
        infrastructure.runtimeConfig().forEach((k, v) -> config.add("-D" + k + "=" + v));
        return PackagedRuntime.start(dir, config,
                List.of("serve", "--sources", manifest.toString(), "--port", Integer.toString(port)));
    }

    private static String eventIdOfKey(Connection db, String key) throws Exception {
        try (PreparedStatement s = db.prepareStatement("SELECT id FROM events WHERE source = 'it/shop' AND idempotency_key = ?")) {
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
}
