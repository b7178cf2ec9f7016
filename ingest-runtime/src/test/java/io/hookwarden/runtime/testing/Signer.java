package io.hookwarden.runtime.testing;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Builds hmac-sha256-v1 requests the way a producer does, independently of the runtime's verifier. */
public final class Signer {
    public static final String CURRENT_SECRET = "test-secret-current";
    public static final String PREVIOUS_SECRET = "test-secret-previous";

    private Signer() {
    }

    public static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String now() {
        return Long.toString(System.currentTimeMillis() / 1000);
    }

    /** A correctly signed JSON request with a fresh key. */
    public static RequestSpecification signed(String body) {
        return signed(body, UUID.randomUUID().toString());
    }

    public static RequestSpecification signed(String body, String key) {
        String ts = now();
        return RestAssured.given()
                .contentType("application/json")
                .header("X-Timestamp", ts)
                .header("X-Idempotency-Key", key)
                .header("X-Signature", sign(CURRENT_SECRET, ts, body.getBytes(StandardCharsets.UTF_8)))
                .body(body);
    }

    public static Response post(String source, RequestSpecification request) {
        return request.post("/webhooks/" + source);
    }
}
