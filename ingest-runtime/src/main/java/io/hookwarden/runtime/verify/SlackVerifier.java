package io.hookwarden.runtime.verify;

import io.hookwarden.api.v1alpha1.IdempotencyKeySource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.List;

/**
 * Slack: {@code X-Slack-Signature: v0=hex(HMAC-SHA256(secret, "v0:" + ts + ":" + body))} with the unix seconds
 * of {@code X-Slack-Request-Timestamp}.
 */
public final class SlackVerifier extends HmacVerifier {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String SIGNATURE = "X-Slack-Signature";
    public static final String TIMESTAMP = "X-Slack-Request-Timestamp";
    private static final byte[] VERSION = "v0:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COLON = {':'};

    @Override
    Signed read(InboundRequest request, long nowEpochSeconds, int toleranceSeconds) {
        String hex = Headers.afterPrefix(SIGNATURE, Headers.required(request, SIGNATURE), "v0=");
        String timestamp = Headers.required(request, TIMESTAMP);
        Headers.withinWindow(Headers.epoch(TIMESTAMP, timestamp), nowEpochSeconds, toleranceSeconds);
        byte[] signature = Headers.signature(SIGNATURE, hex, Headers.LOWERCASE_HEX);
        return Signed.of(signature, VERSION, timestamp.getBytes(StandardCharsets.US_ASCII), COLON, request.body());
    }

    /** Slack checks a new Events API URL by posting {@code {"type":"url_verification","challenge":…}} and expecting the challenge back. */
    @Override
    public String handshakeReply(byte[] body) {
        if (body.length == 0 || body[0] != '{' || !new String(body, StandardCharsets.UTF_8).contains("url_verification")) {
            return null;
        }
        try {
            JsonNode json = JSON.readTree(body);
            if (!"url_verification".equals(json.path("type").asText()) || !json.path("challenge").isTextual()) {
                return null;
            }
            return JSON.writeValueAsString(Map.of("challenge", json.get("challenge").asText()));
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Events API bodies carry {@code event_id}, which Slack's retries keep; slash commands and interactivity are
     * form bodies Slack does not retry, so their body hash serves.
     */
    @Override
    public IdempotencyKeySource defaultKeySource() {
        return new IdempotencyKeySource.FirstOf(
                List.of(new IdempotencyKeySource.JsonPointer("/event_id"), new IdempotencyKeySource.BodyHash()));
    }
}
