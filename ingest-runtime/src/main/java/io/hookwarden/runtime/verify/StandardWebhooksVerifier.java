package io.hookwarden.runtime.verify;

import io.hookwarden.api.v1alpha1.IdempotencyKeySource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Standard Webhooks (Svix and others): {@code webhook-signature} holds space-separated {@code v1,<base64>} entries,
 * each base64(HMAC-SHA256(key, id + "." + ts + "." + body)) where the key is the base64 text after {@code whsec_}
 * in the secret. Entries of other versions (v1a, asymmetric) are skipped.
 */
public final class StandardWebhooksVerifier extends HmacVerifier {
    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";
    private static final String SECRET_PREFIX = "whsec_";
    private static final byte[] DOT = {'.'};

    @Override
    Signed read(InboundRequest request, long nowEpochSeconds, int toleranceSeconds) {
        String id = Headers.required(request, ID);
        String timestamp = Headers.required(request, TIMESTAMP);
        List<Headers.Field> entries = new ArrayList<>(2);
        for (String entry : Headers.required(request, SIGNATURE).split(" ")) {
            int comma = entry.indexOf(',');
            if (comma > 0) {
                entries.add(new Headers.Field(entry.substring(0, comma), entry.substring(comma + 1)));
            }
        }
        List<byte[]> signatures = Headers.signatures(SIGNATURE, entries, "v1", Headers.BASE64);
        Headers.withinWindow(Headers.epoch(TIMESTAMP, timestamp), nowEpochSeconds, toleranceSeconds);
        return new Signed(signatures, id.getBytes(StandardCharsets.UTF_8), DOT,
                timestamp.getBytes(StandardCharsets.US_ASCII), DOT, request.body());
    }

    @Override
    public IdempotencyKeySource defaultKeySource() {
        return new IdempotencyKeySource.Header(ID);
    }

    /** The MAC key is the base64-decoded text after {@code whsec_} (the prefix is optional, as in the SDKs). */
    @Override
    public List<byte[]> keys(List<byte[]> secrets) {
        return secrets.stream().map(secret -> {
            String text = new String(secret, StandardCharsets.UTF_8).trim();
            if (text.startsWith(SECRET_PREFIX)) {
                text = text.substring(SECRET_PREFIX.length());
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a standard-webhooks secret must be whsec_ followed by base64");
            }
            if (key.length == 0) {
                throw new IllegalArgumentException("a standard-webhooks secret must not be empty after whsec_");
            }
            return key;
        }).toList();
    }
}
