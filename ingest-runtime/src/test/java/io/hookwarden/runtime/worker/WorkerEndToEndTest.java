package io.hookwarden.runtime.worker;

import static io.hookwarden.runtime.testing.Signer.post;
import static io.hookwarden.runtime.testing.Signer.signed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.hookwarden.runtime.DeliveryRuntime;
import io.hookwarden.runtime.testing.LocalModeResource;
import io.hookwarden.runtime.testing.ManagementInterface;
import io.hookwarden.runtime.testing.TestSink;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Local mode end to end: a signed webhook in, through the outbox and SQS, out to a real sink; and the admin API. */
@QuarkusTest
@QuarkusTestResource(value = WorkerEndToEndTest.Infrastructure.class, restrictToAnnotatedClass = true)
class WorkerEndToEndTest {
    static final String ADMIN_TOKEN = "admin-token-for-tests";

    /** PostgreSQL, ElasticMQ and a sink, and sources pointing at that sink. */
    public static class Infrastructure extends LocalModeResource {
        static TestSink sink;

        @Override
        protected String manifests(TestSink testSink) {
            sink = testSink;
            return """
                    apiVersion: v1
                    kind: Secret
                    metadata: {name: s, namespace: test}
                    stringData: {k: test-secret-current}
                    ---
                    apiVersion: hookwarden.io/v1alpha1
                    kind: WebhookSource
                    metadata: {name: e2e, namespace: test}
                    spec:
                      verification: {scheme: hmac-sha256-v1, secretRef: {name: s, key: k}}
                      queue: {visibilityTimeoutSeconds: 5}
                      sink: {url: "%s", timeoutSeconds: 5, retry: {initialBackoffSeconds: 1, maxBackoffSeconds: 1}}
                    """.formatted(sink.url("/e2e"));
        }

        @Override
        protected String adminToken() {
            return ADMIN_TOKEN;
        }
    }

    @Inject
    DeliveryRuntime runtime;

    @Inject
    AgroalDataSource dataSource;

    private RequestSpecification admin() {
        return RestAssured.given().port(runtime.adminPort()).contentType("application/json");
    }

    private String status(String eventId) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT status FROM events WHERE id = ?")) {
            s.setObject(1, UUID.fromString(eventId));
            ResultSet rs = s.executeQuery();
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static long accepted(String eventId) {
        return Infrastructure.sink.accepted("/e2e").stream().filter(r -> eventId.equals(r.ceId())).count();
    }

    @Test
    void signedWebhookReachesTheSinkWithItsEventIdAndIsCounted() throws Exception {
        String body = "{\"type\":\"post.updated\",\"id\":\"7\"}";
        String eventId = post("e2e", signed(body)).then().statusCode(202).extract().path("event_id");
        await().atMost(Duration.ofSeconds(30)).until(() -> accepted(eventId) == 1 && "done".equals(status(eventId)));
        TestSink.Received request = Infrastructure.sink.accepted("/e2e").stream().filter(r -> eventId.equals(r.ceId()))
                .findFirst().orElseThrow();
        assertThat(request.body()).isEqualTo(body);
        assertThat(request.header("ce-type")).isEqualTo("post.updated");
        assertThat(request.header("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");

        String metrics = RestAssured.get(ManagementInterface.url("/q/metrics")).asString();
        assertThat(metrics).containsPattern(
                "hookwarden_deliveries_total\\{failure_class=\"none\",namespace=\"test\",result=\"delivered\",source=\"e2e\"} [1-9]");
        assertThat(metrics).contains("hookwarden_delivery_duration_seconds_bucket");
        assertThat(metrics).contains("hookwarden_dlq_oldest_age_seconds{namespace=\"test\",source=\"e2e\"}");
        assertThat(metrics).contains("hookwarden_dlq_events{namespace=\"test\",source=\"e2e\"}");
        assertThat(metrics).contains("hookwarden_worker_paused{namespace=\"test\",source=\"e2e\"} 0");
    }

    @Test
    void adminApiWantsTheBearerTokenAndRequeuesByEventId() throws Exception {
        String eventId = post("e2e", signed("{\"id\":\"again\"}")).then().statusCode(202).extract().path("event_id");
        await().atMost(Duration.ofSeconds(30)).until(() -> "done".equals(status(eventId)));

        String requeue = "{\"event-id\":[\"" + eventId + "\"]}";
        admin().body(requeue).post("/admin/requeue").then().statusCode(401).header("WWW-Authenticate", "Bearer");
        admin().header("Authorization", "Bearer wrong").body(requeue).post("/admin/requeue").then().statusCode(401);
        admin().header("Authorization", "Bearer " + ADMIN_TOKEN).body(requeue).post("/admin/requeue")
                .then().statusCode(200).body("requeued[0]", equalTo(eventId));
        await().atMost(Duration.ofSeconds(30)).until(() -> accepted(eventId) == 2 && "done".equals(status(eventId)));
        assertThat(Infrastructure.sink.accepted("/e2e").stream().filter(r -> eventId.equals(r.ceId())).count()).isEqualTo(2);
    }

    @Test
    void adminReplayRunsInTheBackgroundAndReportsProgress() {
        String location = admin().header("Authorization", "Bearer " + ADMIN_TOKEN)
                .body("{\"source\":\"e2e\",\"from-dlq\":true,\"dry-run\":true}").post("/admin/replays")
                .then().statusCode(202).body("dry_run", equalTo(true)).extract().header("Location");
        await().atMost(Duration.ofSeconds(30)).until(() -> admin().header("Authorization", "Bearer " + ADMIN_TOKEN)
                .get(location).then().extract().path("state").equals("done"));
        admin().header("Authorization", "Bearer " + ADMIN_TOKEN).body("{\"source\":\"nosuch\",\"rate\":\"x\"}")
                .post("/admin/replays").then().statusCode(400).body("error", equalTo("bad_request"));
    }

    @Test
    void adminApiIsNotOnTheIngestPort() {
        RestAssured.given().header("Authorization", "Bearer " + ADMIN_TOKEN).contentType("application/json")
                .body("{\"event-id\":[\"" + UUID.randomUUID() + "\"]}").post("/admin/requeue").then().statusCode(404);
    }
}
