package io.hookwarden.runtime.verify;

import io.hookwarden.api.v1alpha1.IdempotencyKeySource;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Slack: {@code X-Slack-Signature: v0=hex(HMAC-SHA256(secret, "v0:" + ts + ":" + body))} with the unix seconds
 * of {@code X-Slack-Request-Timestamp}.
 */
public final class SlackVerifier extends HmacVerifier {
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
