package io.hookwarden.runtime.verify;

import io.hookwarden.api.v1alpha1.IdempotencyKeySource;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The seed scheme {@code hmac-sha256-v1}: {@code X-Signature = hex(HMAC-SHA256(secret, ts + "." + body))}
 * with the unix timestamp in {@code X-Timestamp}. {@code X-Signature} may also carry
 * {@code scheme=v1,ts=<ts>,hash=<hex>}, in which case X-Timestamp may be left out.
 */
public final class HmacSha256V1Verifier implements Verifier {
    public static final String TIMESTAMP = "X-Timestamp";
    public static final String SIGNATURE = "X-Signature";
    public static final String IDEMPOTENCY_KEY = "X-Idempotency-Key";
    private static final byte[] DOT = {'.'};
    private static final int SHA256_BYTES = 32;

    @Override
    public VerificationResult verify(InboundRequest request, List<byte[]> secrets, long nowEpochSeconds,
            int toleranceSeconds) {
        String signatureHeader = request.header(SIGNATURE);
        if (signatureHeader == null) {
            return reject(Rejection.missingHeader(SIGNATURE));
        }
        String timestamp = request.header(TIMESTAMP);
        String hex = signatureHeader.trim();
        if (hex.indexOf('=') >= 0) {
            SignatureFields fields = SignatureFields.parse(hex);
            if (fields == null || !"v1".equals(fields.scheme)) {
                return reject(Rejection.invalidHeader(SIGNATURE, "expected hex or scheme=v1,ts=<unix>,hash=<hex>"));
            }
            if (timestamp != null && !timestamp.equals(fields.ts)) {
                return reject(Rejection.invalidHeader(SIGNATURE, "its ts differs from " + TIMESTAMP));
            }
            timestamp = fields.ts;
            hex = fields.hash;
        }
        if (timestamp == null) {
            return reject(Rejection.missingHeader(TIMESTAMP));
        }
        long signedAt;
        try {
            signedAt = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return reject(Rejection.invalidHeader(TIMESTAMP, "not unix seconds"));
        }
        long skew = Math.abs(nowEpochSeconds - signedAt);
        if (skew > toleranceSeconds) {
            return reject(Rejection.timestampOutOfWindow(skew, toleranceSeconds));
        }
        byte[] provided = Hmac.decodeHex(hex, SHA256_BYTES);
        if (provided == null) {
            return reject(Rejection.invalidHeader(SIGNATURE, "not a hex SHA-256 HMAC"));
        }
        byte[] signedPrefix = timestamp.trim().getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < secrets.size(); i++) {
            if (Hmac.equal(Hmac.sha256(secrets.get(i), signedPrefix, DOT, request.body()), provided)) {
                return new VerificationResult.Verified(i);
            }
        }
        return reject(Rejection.signatureMismatch());
    }

    @Override
    public IdempotencyKeySource defaultKeySource() {
        return new IdempotencyKeySource.Header(IDEMPOTENCY_KEY);
    }

    private static VerificationResult reject(Rejection rejection) {
        return new VerificationResult.Rejected(rejection);
    }

    /** The seed's {@code scheme=v1,ts=…,hash=…} form. */
    private record SignatureFields(String scheme, String ts, String hash) {
        static SignatureFields parse(String header) {
            String scheme = null;
            String ts = null;
            String hash = null;
            for (String pair : header.split(",")) {
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    return null;
                }
                String value = pair.substring(eq + 1).trim();
                switch (pair.substring(0, eq).trim()) {
                    case "scheme" -> scheme = value;
                    case "ts" -> ts = value;
                    case "hash" -> hash = value;
                    default -> {
                        // Unknown fields are ignored so a producer may add its own.
                    }
                }
            }
            return scheme == null || ts == null || hash == null ? null : new SignatureFields(scheme, ts, hash);
        }
    }
}
