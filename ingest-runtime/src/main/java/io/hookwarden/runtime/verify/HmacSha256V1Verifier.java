package io.hookwarden.runtime.verify;

import io.hookwarden.api.v1alpha1.IdempotencyKeySource;
import io.hookwarden.runtime.http.Rejection;
import java.nio.charset.StandardCharsets;

/**
 * The seed scheme {@code hmac-sha256-v1}: {@code X-Signature = hex(HMAC-SHA256(secret, ts + "." + body))}
 * with the unix timestamp in {@code X-Timestamp}. {@code X-Signature} may also carry
 * {@code scheme=v1,ts=<ts>,hash=<hex>}, in which case X-Timestamp may be left out. Hex of either case is
 * accepted (the seed contract says hex).
 */
public final class HmacSha256V1Verifier extends HmacVerifier {
    public static final String TIMESTAMP = "X-Timestamp";
    public static final String SIGNATURE = "X-Signature";
    public static final String IDEMPOTENCY_KEY = "X-Idempotency-Key";
    private static final byte[] DOT = {'.'};

    @Override
    Signed read(InboundRequest request, long nowEpochSeconds, int toleranceSeconds) {
        String hex = Headers.required(request, SIGNATURE);
        String timestamp = request.header(TIMESTAMP);
        if (hex.indexOf('=') >= 0) {
            String scheme = null;
            String ts = null;
            String hash = null;
            for (Headers.Field field : Headers.fields(SIGNATURE, hex, ',')) {
                switch (field.key()) {
                    case "scheme" -> scheme = field.value();
                    case "ts" -> ts = field.value();
                    case "hash" -> hash = field.value();
                    default -> {
                        // Unknown fields are ignored so a producer may add its own.
                    }
                }
            }
            if (!"v1".equals(scheme) || ts == null || hash == null) {
                throw new RejectedRequest(Rejection.invalidHeader(SIGNATURE, "expected hex or scheme=v1,ts=<unix>,hash=<hex>"));
            }
            if (timestamp != null && !timestamp.trim().equals(ts)) {
                throw new RejectedRequest(Rejection.invalidHeader(SIGNATURE, "its ts differs from " + TIMESTAMP));
            }
            timestamp = ts;
            hex = hash;
        }
        if (timestamp == null) {
            throw new RejectedRequest(Rejection.missingHeader(TIMESTAMP));
        }
        timestamp = timestamp.trim();
        Headers.withinWindow(Headers.epoch(TIMESTAMP, timestamp), nowEpochSeconds, toleranceSeconds);
        byte[] signature = Headers.signature(SIGNATURE, hex, text -> Hmac.decodeHex(text, Hmac.SHA256_BYTES));
        return Signed.of(signature, timestamp.getBytes(StandardCharsets.US_ASCII), DOT, request.body());
    }

    @Override
    public IdempotencyKeySource defaultKeySource() {
        return new IdempotencyKeySource.Header(IDEMPOTENCY_KEY);
    }
}
