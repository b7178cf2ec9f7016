package io.hookwarden.runtime.verify;

import io.hookwarden.api.v1alpha1.IdempotencyKeySource;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Stripe: {@code Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>…]}, each v1 = hex(HMAC-SHA256(secret, t + "." + body))
 * with the secret's own bytes, {@code whsec_} included; any v1 may match (Stripe sends two while a secret rolls).
 * v0 and unknown fields are ignored, as stripe-java does. The window is symmetric, stricter than stripe-java's
 * "not older than".
 */
public final class StripeVerifier extends HmacVerifier {
    public static final String SIGNATURE = "Stripe-Signature";
    private static final byte[] DOT = {'.'};

    @Override
    Signed read(InboundRequest request, long nowEpochSeconds, int toleranceSeconds) {
        List<Headers.Field> fields = Headers.fields(SIGNATURE, Headers.required(request, SIGNATURE), ',');
        String timestamp = Headers.first(SIGNATURE, fields, "t");
        List<byte[]> signatures = Headers.signatures(SIGNATURE, fields, "v1", Headers.LOWERCASE_HEX);
        Headers.withinWindow(Headers.epoch(SIGNATURE, timestamp), nowEpochSeconds, toleranceSeconds);
        return new Signed(signatures, timestamp.getBytes(StandardCharsets.US_ASCII), DOT, request.body());
    }

    /** The event id: Stripe retries an event with the same {@code evt_…} id. */
    @Override
    public IdempotencyKeySource defaultKeySource() {
        return new IdempotencyKeySource.JsonPointer("/id");
    }
}
