package io.hookwarden.runtime.ingest;

import static io.hookwarden.runtime.testing.Signer.CURRENT_SECRET;
import static io.hookwarden.runtime.testing.Signer.PREVIOUS_SECRET;
import static io.hookwarden.runtime.testing.Signer.now;
import static io.hookwarden.runtime.testing.Signer.post;
import static io.hookwarden.runtime.testing.Signer.sign;
import static io.hookwarden.runtime.testing.Signer.signed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import io.agroal.api.AgroalDataSource;
import io.hookwarden.runtime.testing.LocalInfrastructureResource;
import io.hookwarden.runtime.testing.ManagementInterface;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every answer of the ingest HTTP contract in DESIGN.md, against real PostgreSQL and ElasticMQ. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfrastructureResource.class, restrictToAnnotatedClass = true)
class IngestContractTest {
    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    io.hookwarden.runtime.config.SourceRegistry sources;

    @Test
    void signedRequestIsAcceptedAndStoredWithItsFacts() throws Exception {
        String body = "{\"type\":\"post.updated\",\"id\":\"42\"}";
        String eventId = post("shop", signed(body).header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"))
                .then().statusCode(202)
                .body("status", equalTo("queued"))
                .body("event_id", matchesPattern(UUID_PATTERN))
                .extract().path("event_id");
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT source, event_type, external_id, raw_body, payload->>'id', traceparent, content_type FROM events WHERE id = ?")) {
            s.setObject(1, UUID.fromString(eventId));
            ResultSet rs = s.executeQuery();
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).as("the source's identity, namespace/name").isEqualTo("test/shop");
            assertThat(rs.getString(2)).isEqualTo("post.updated");
            assertThat(rs.getString(3)).isEqualTo("42");
            assertThat(new String(rs.getBytes(4), StandardCharsets.UTF_8)).isEqualTo(body);
            assertThat(rs.getString(5)).isEqualTo("42");
            assertThat(rs.getString(6)).isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
            assertThat(rs.getString(7)).startsWith("application/json");
        }
    }

    /** What an Ingress or route to the webhook port reaches: webhooks, never metrics or health. */
    @Test
    void metricsAndHealthAreServedOnTheManagementPortOnlyNeverOnTheWebhookPort() {
        assertThat(ManagementInterface.url("/")).doesNotContain(":" + RestAssured.port + "/");
        RestAssured.get(ManagementInterface.url("/q/metrics")).then().statusCode(200).body(containsString("hookwarden_outbox_pending"));
        RestAssured.get(ManagementInterface.url("/q/health/ready")).then().statusCode(200);
        for (String path : new String[] {"/q/metrics", "/q/health", "/q/health/ready", "/q/health/live"}) {
            RestAssured.get(path).then().statusCode(404).body(not(containsString("hookwarden_")));
        }
    }

    @Test
    void sameKeyAndBodyAgainIsADuplicateWithTheOriginalEventId() {
        String body = "{\"id\":\"dup\"}";
        String key = UUID.randomUUID().toString();
        String first = post("shop", signed(body, key)).then().statusCode(202).extract().path("event_id");
        post("shop", signed(body, key)).then().statusCode(200)
                .body("status", equalTo("duplicate"))
                .body("event_id", equalTo(first));
    }

    @Test
    void fiftyConcurrentRequestsWithOneKeyStoreOneEventAndFortyNineDuplicates() throws Exception {
        String body = "{\"id\":\"race\"}";
        String key = UUID.randomUUID().toString();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(50);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.List<java.util.concurrent.Future<Response>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            io.restassured.specification.RequestSpecification request = signed(body, key);
            answers.add(pool.submit(() -> {
                go.await();
                return post("shop", request);
            }));
        }
        go.countDown();
        java.util.Map<Integer, Integer> byStatus = new java.util.TreeMap<>();
        java.util.Set<String> eventIds = new java.util.HashSet<>();
        for (java.util.concurrent.Future<Response> answer : answers) {
            Response response = answer.get();
            byStatus.merge(response.statusCode(), 1, Integer::sum);
            eventIds.add(response.jsonPath().getString("event_id"));
        }
        pool.shutdown();
        assertThat(byStatus).containsExactly(java.util.Map.entry(200, 49), java.util.Map.entry(202, 1));
        assertThat(eventIds).hasSize(1);
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM events WHERE source = 'test/shop' AND idempotency_key = ?")) {
            s.setString(1, key);
            ResultSet rs = s.executeQuery();
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void sameKeyWithAnotherBodyIsAConflict() {
        String key = UUID.randomUUID().toString();
        post("shop", signed("{\"v\":1,\"k\":\"" + key + "\"}", key)).then().statusCode(202);
        post("shop", signed("{\"v\":2,\"k\":\"" + key + "\"}", key)).then().statusCode(409)
                .body("error", equalTo("idempotency_key_reused"));
    }

    @Test
    void seedRouteTakesTheSourceFromXSource() {
        signed("{\"id\":\"seed\"}").header("X-Source", "shop").post("/webhooks/ingest")
                .then().statusCode(202).body("status", equalTo("queued"));
    }

    @Test
    void seedRouteWithoutXSourceIsABadRequest() {
        signed("{}").post("/webhooks/ingest").then().statusCode(400).body("error", equalTo("missing_header"));
    }

    @Test
    void unknownSourceIsABadRequest() {
        post("nosuch", signed("{}")).then().statusCode(400).body("error", equalTo("unknown_source"));
    }

    @Test
    void signatureInSeedHeaderFormIsAccepted() {
        String body = "{\"id\":\"form\"}";
        String ts = now();
        RestAssured.given().contentType("application/json")
                .header("X-Idempotency-Key", UUID.randomUUID().toString())
                .header("X-Signature", "scheme=v1,ts=" + ts + ",hash=" + sign(CURRENT_SECRET, ts, body.getBytes(StandardCharsets.UTF_8)))
                .body(body).post("/webhooks/shop")
                .then().statusCode(202);
    }

    @Test
    void previousSecretStillVerifiesDuringRotation() {
        String body = "{\"id\":\"rotated\"}";
        String ts = now();
        RestAssured.given().contentType("application/json")
                .header("X-Timestamp", ts)
                .header("X-Idempotency-Key", UUID.randomUUID().toString())
                .header("X-Signature", sign(PREVIOUS_SECRET, ts, body.getBytes(StandardCharsets.UTF_8)))
                .body(body).post("/webhooks/shop")
                .then().statusCode(202);
        String metrics = RestAssured.get(ManagementInterface.url("/q/metrics")).asString();
        assertThat(metrics).containsPattern("hookwarden_signature_matches_total\\{key=\"previous\",namespace=\"test\",source=\"shop\"} [1-9]");
    }

    @Test
    void wrongSignatureIsUnauthorizedAndEchoesNoSecret() {
        String ts = now();
        Response response = RestAssured.given().contentType("application/json")
                .header("X-Timestamp", ts)
                .header("X-Idempotency-Key", "k")
                .header("X-Signature", sign("wrong-secret", ts, "{}".getBytes(StandardCharsets.UTF_8)))
                .body("{}").post("/webhooks/shop");
        response.then().statusCode(401).body("error", equalTo("signature_mismatch"))
                .body(not(containsString(CURRENT_SECRET)));
    }

    @Test
    void staleTimestampIsUnauthorized() {
        String ts = Long.toString(System.currentTimeMillis() / 1000 - 301);
        RestAssured.given().contentType("application/json")
                .header("X-Timestamp", ts)
                .header("X-Idempotency-Key", "k")
                .header("X-Signature", sign(CURRENT_SECRET, ts, "{}".getBytes(StandardCharsets.UTF_8)))
                .body("{}").post("/webhooks/shop")
                .then().statusCode(401).body("error", equalTo("timestamp_out_of_window"));
    }

    @Test
    void missingSignatureHeaderIsABadRequest() {
        RestAssured.given().header("X-Timestamp", now()).header("X-Idempotency-Key", "k").body("{}")
                .post("/webhooks/shop").then().statusCode(400).body("error", equalTo("missing_header"))
                .body("message", containsString("X-Signature"));
    }

    @Test
    void missingIdempotencyKeyIsABadRequest() {
        String ts = now();
        RestAssured.given().header("X-Timestamp", ts)
                .header("X-Signature", sign(CURRENT_SECRET, ts, "{}".getBytes(StandardCharsets.UTF_8)))
                .body("{}").post("/webhooks/shop")
                .then().statusCode(400).body("error", equalTo("missing_header"))
                .body("message", containsString("X-Idempotency-Key"));
    }

    @Test
    void nonNumericTimestampIsABadRequest() {
        RestAssured.given().header("X-Timestamp", "yesterday").header("X-Idempotency-Key", "k")
                .header("X-Signature", "00".repeat(32)).body("{}").post("/webhooks/shop")
                .then().statusCode(400).body("error", equalTo("invalid_header"));
    }

    @Test
    void bodyOverTheCapIsRefusedWithPayloadTooLarge() {
        String body = "{\"pad\":\"" + "x".repeat(2000) + "\"}";
        post("shop", signed(body)).then().statusCode(413).body("error", equalTo("body_too_large"));
    }

    @Test
    void chunkedBodyOverTheCapIsRefusedWhileReading() throws Exception {
        // No Content-Length: the cap must hold while the body streams in, before it is all sent.
        try (java.net.Socket socket = new java.net.Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(5000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST /webhooks/shop HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n"
                    + "X-Timestamp: " + now() + "\r\nX-Idempotency-Key: chunked\r\nX-Signature: x\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String chunk = "x".repeat(600);
            for (int i = 0; i < 2; i++) {
                out.write((Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            // The body never ended, yet the answer is already there.
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertThat(statusLine).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
        }
    }

    @Test
    void expectContinueIsAnsweredBeforeTheBodyIsSent() throws Exception {
        // curl and PHP ask first for larger bodies; without the interim answer they wait a second.
        try (java.net.Socket socket = new java.net.Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("POST /webhooks/shop HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n"
                    + "Expect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertThat(statusLine).isEqualTo("HTTP/1.1 100 Continue");
        }
    }

    @Test
    void overTheRateLimitIsTooManyRequestsWithRetryAfter() throws Exception {
        // 1 request/s with a burst of 2: of 20 sent together, most must be turned away.
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(20);
        java.util.List<java.util.concurrent.Future<Response>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            io.restassured.specification.RequestSpecification request = signed("{\"n\":" + i + "}");
            answers.add(pool.submit(() -> post("limited", request)));
        }
        int limited = 0;
        for (java.util.concurrent.Future<Response> answer : answers) {
            Response response = answer.get();
            if (response.statusCode() == 429) {
                limited++;
                assertThat(Integer.parseInt(response.header("Retry-After"))).isBetween(1, 2);
                assertThat(response.jsonPath().getString("error")).isEqualTo("rate_limited");
            } else {
                assertThat(response.statusCode()).isEqualTo(202);
            }
        }
        pool.shutdown();
        assertThat(limited).isGreaterThanOrEqualTo(10);
    }

    @Test
    void formEncodedBodyIsStoredRawWithoutParsedPayload() throws Exception {
        String body = "payload=%7B%22type%22%3A%22block_actions%22%7D";
        String ts = now();
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + RestAssured.port + "/webhooks/shop"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("X-Timestamp", ts).header("X-Idempotency-Key", UUID.randomUUID().toString())
                        .header("X-Signature", sign(CURRENT_SECRET, ts, body.getBytes(StandardCharsets.UTF_8)))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(202);
        String eventId = io.restassured.path.json.JsonPath.from(response.body()).getString("event_id");
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT raw_body, payload FROM events WHERE id = ?")) {
            s.setObject(1, UUID.fromString(eventId));
            ResultSet rs = s.executeQuery();
            assertThat(rs.next()).isTrue();
            assertThat(new String(rs.getBytes(1), StandardCharsets.UTF_8)).isEqualTo(body);
            assertThat(rs.getString(2)).isNull();
        }
    }

    @Test
    void jsonThatPostgresRejectsIsStillStoredRaw() {
        // \u0000 is valid JSON but not valid jsonb: the event must be kept, just without the parsed copy.
        post("shop", signed("{\"text\":\"nul \\u0000 here\"}")).then().statusCode(202);
    }

    @Test
    void keyFromJsonPointerDeduplicatesOnTheBodyField() {
        String body = "{\"order\":{\"id\":\"" + UUID.randomUUID() + "\"},\"total\":5}";
        String first = post("orders", signed(body, "ignored-1")).then().statusCode(202).extract().path("event_id");
        post("orders", signed(body, "ignored-2")).then().statusCode(200).body("event_id", equalTo(first));
    }

    @Test
    void keyFromJsonPointerMissingInBodyIsABadRequest() {
        post("orders", signed("{\"total\":5}")).then().statusCode(400).body("error", equalTo("missing_idempotency_key"));
    }

    @Test
    void keyPastItsRetentionIsForgottenAndMayBeUsedAgain() throws Exception {
        String key = UUID.randomUUID().toString();
        post("brief", signed("{\"v\":1}", key)).then().statusCode(202);
        Thread.sleep(1100);
        new io.hookwarden.runtime.store.RetentionCleaner(dataSource, sources.all()).clean();
        post("brief", signed("{\"v\":2}", key)).then().statusCode(202);
    }

    @Test
    void keyWithinItsRetentionSurvivesCleanup() {
        String key = UUID.randomUUID().toString();
        // Bodies unique per test: the same signed bytes under another key would be a replay.
        post("shop", signed("{\"v\":1,\"k\":\"" + key + "\"}", key)).then().statusCode(202);
        new io.hookwarden.runtime.store.RetentionCleaner(dataSource, sources.all()).clean();
        post("shop", signed("{\"v\":2}", key)).then().statusCode(409);
    }

    @Test
    void metricsCountOutcomesPerSource() {
        post("shop", signed("{\"id\":\"m\"}")).then().statusCode(202);
        String metrics = RestAssured.get(ManagementInterface.url("/q/metrics")).asString();
        assertThat(metrics).containsPattern("hookwarden_ingest_requests_total\\{namespace=\"test\",outcome=\"accepted\",source=\"shop\"} [1-9]");
        assertThat(metrics).contains("hookwarden_ingest_duration_seconds_bucket");
        assertThat(metrics).contains("hookwarden_outbox_pending");
    }

    @Test
    void anOrderingKeySqsWouldRefuseIsStoredAsTheHashOfItsBytes() throws Exception {
        // Non-ASCII or over 128 characters is no MessageGroupId: such an event once held the relay for every source.
        String key = "m\u00fcller-" + UUID.randomUUID();
        String body = "{\"order\":{\"id\":\"" + key + "\"}}";
        String eventId = post("orders", signed(body)).then().statusCode(202).extract().path("event_id");
        String expected = "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(key.getBytes(StandardCharsets.UTF_8)));
        assertThat(storedOrderingKey(eventId)).isEqualTo(expected).matches("[!-~]{1,128}");
    }

    @Test
    void anOrderingKeyOver128CharactersIsStoredAsTheHashOfItsBytes() throws Exception {
        String key = "k".repeat(129);
        String eventId = post("orders", signed("{\"order\":{\"id\":\"" + key + "\"},\"n\":\"" + UUID.randomUUID() + "\"}",
                UUID.randomUUID().toString())).then().statusCode(202).extract().path("event_id");
        assertThat(storedOrderingKey(eventId)).startsWith("sha256:").hasSize(71);
    }

    @Test
    void aValidOrderingKeyIsStoredAsSent() throws Exception {
        String key = "order-" + UUID.randomUUID() + "!#$%";
        String eventId = post("orders", signed("{\"order\":{\"id\":\"" + key + "\"}}")).then().statusCode(202)
                .extract().path("event_id");
        assertThat(storedOrderingKey(eventId)).isEqualTo(key);
    }

    private String storedOrderingKey(String eventId) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT ordering_key FROM events WHERE id = ?")) {
            s.setObject(1, UUID.fromString(eventId));
            ResultSet rs = s.executeQuery();
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
