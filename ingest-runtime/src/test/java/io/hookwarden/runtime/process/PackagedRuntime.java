package io.hookwarden.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookwarden.api.runtime.RuntimeEndpoints;
import io.hookwarden.runtime.testing.Signer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/** The packaged runtime (quarkus-run.jar) as a separate process, and the signed requests the process tests send it. */
final class PackagedRuntime {
    /** One hmac-sha256-v1 source, shop, signed with {@link Signer#CURRENT_SECRET}. */
    static final String MANIFEST = """
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
    /** Local mode starts PostgreSQL and ElasticMQ first: on a crowded CI machine that alone takes minutes. */
    static final Duration STARTUP = Duration.ofSeconds(240);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PackagedRuntime() {
    }

    /**
     * Starts {@code java [jvmOptions] -jar quarkus-run.jar [arguments] --management-port N} (N a free
     * port), logging to a file in dir, and waits until its management interface reports ready.
     */
    static Process start(Path dir, List<String> jvmOptions, List<String> arguments) throws IOException {
        int managementPort = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", System.getProperty("hookwarden.runtime.jar")));
        command.addAll(arguments);
        command.addAll(List.of("--management-port", Integer.toString(managementPort)));
        Path log = dir.resolve("runtime-" + System.nanoTime() + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await().atMost(STARTUP).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
                assertThat(process.isAlive()).as("the runtime is running").isTrue();
                return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + RuntimeEndpoints.READINESS_PATH)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            });
        } catch (ConditionTimeoutException e) {
            List<String> lines = Files.readAllLines(log);
            throw new AssertionError("the runtime did not get ready; its log ends:\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())), e);
        }
        return process;
    }

    /** SIGTERM, and SIGKILL if it is still running after 30 s. */
    static void stop(Process process) throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** A signed request to source shop. */
    static HttpResponse<String> post(int port, String key, String body) throws IOException, InterruptedException {
        return post(port, "shop", key, Signer.now(), body);
    }

    /** A request to {@code source} signed with {@link Signer#CURRENT_SECRET} at {@code ts}: the same bytes whichever port it goes to. */
    static HttpResponse<String> post(int port, String source, String key, String ts, String body)
            throws IOException, InterruptedException {
        return HTTP.send(signedRequest(URI.create("http://127.0.0.1:" + port + "/webhooks/" + source), key, ts, body),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A POST of {@code body} to {@code uri}, signed with {@link Signer#CURRENT_SECRET} at {@code ts}. */
    static HttpRequest signedRequest(URI uri, String key, String ts, String body) {
        return HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header("X-Timestamp", ts)
                .header("X-Idempotency-Key", key)
                .header("X-Signature", Signer.sign(Signer.CURRENT_SECRET, ts, body.getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    static String eventId(String json) {
        return json.replaceAll(".*\"event_id\":\"([^\"]+)\".*", "$1");
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
