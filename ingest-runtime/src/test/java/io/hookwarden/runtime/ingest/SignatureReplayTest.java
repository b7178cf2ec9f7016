package io.hookwarden.runtime.ingest;

import static io.hookwarden.runtime.testing.Signer.CURRENT_SECRET;
import static io.hookwarden.runtime.testing.Signer.now;
import static io.hookwarden.runtime.testing.Signer.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.hookwarden.runtime.testing.LocalInfrastructureResource;
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

/** A captured request sent again is not a new event, whatever idempotency key it is given. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfrastructureResource.class, restrictToAnnotatedClass = true)
class SignatureReplayTest {
    @Inject
    AgroalDataSource dataSource;

    @Test
    void aReplayWithAFreshKeyIsRefusedAsReplayedAndStoresNothing() throws Exception {
        String body = "{\"id\":\"" + UUID.randomUUID() + "\"}";
        String ts = now();
        String signature = sign(CURRENT_SECRET, ts, body.getBytes(StandardCharsets.UTF_8));
        String original = send(body, ts, signature, UUID.randomUUID().toString()).then().statusCode(202)
                .extract().path("event_id");
        send(body, ts, signature, UUID.randomUUID().toString()).then().statusCode(409).body("error", equalTo("replayed"));
        assertThat(storedWithBody(body)).isEqualTo(1);
        assertThat(original).isNotNull();
    }

    @Test
    void aReplayWithItsOriginalKeyIsADuplicateOfTheOriginalEvent() {
        String body = "{\"id\":\"" + UUID.randomUUID() + "\"}";
        String ts = now();
        String signature = sign(CURRENT_SECRET, ts, body.getBytes(StandardCharsets.UTF_8));
        String key = UUID.randomUUID().toString();
        String original = send(body, ts, signature, key).then().statusCode(202).extract().path("event_id");
        send(body, ts, signature, key).then().statusCode(200).body("status", equalTo("duplicate"))
                .body("event_id", equalTo(original));
    }

    @Test
    void aReplayWithTheSignatureRespelledInUppercaseIsStillAReplay() {
        String body = "{\"id\":\"" + UUID.randomUUID() + "\"}";
        String ts = now();
        String signature = sign(CURRENT_SECRET, ts, body.getBytes(StandardCharsets.UTF_8));
        send(body, ts, signature, UUID.randomUUID().toString()).then().statusCode(202);
        send(body, ts, signature.toUpperCase(java.util.Locale.ROOT), UUID.randomUUID().toString()).then().statusCode(409)
                .body("error", equalTo("replayed"));
    }

    @Test
    void theSameBodySignedAgainAtAnotherTimeIsANewEvent() {
        String body = "{\"id\":\"" + UUID.randomUUID() + "\"}";
        String ts = now();
        send(body, ts, sign(CURRENT_SECRET, ts, body.getBytes(StandardCharsets.UTF_8)), UUID.randomUUID().toString())
                .then().statusCode(202);
        String earlier = Long.toString(Long.parseLong(ts) - 1);
        send(body, earlier, sign(CURRENT_SECRET, earlier, body.getBytes(StandardCharsets.UTF_8)), UUID.randomUUID().toString())
                .then().statusCode(202);
    }

    private static Response send(String body, String ts, String signature, String key) {
        return RestAssured.given().contentType("application/json").header("X-Timestamp", ts)
                .header("X-Idempotency-Key", key).header("X-Signature", signature).body(body).post("/webhooks/shop");
    }

    private int storedWithBody(String body) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM events WHERE raw_body = ?")) {
            s.setBytes(1, body.getBytes(StandardCharsets.UTF_8));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
