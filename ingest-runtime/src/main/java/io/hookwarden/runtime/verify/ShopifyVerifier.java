package io.hookwarden.runtime.verify;

import io.hookwarden.api.v1alpha1.IdempotencyKeySource;

/**
 * Shopify: {@code X-Shopify-Hmac-Sha256: base64(HMAC-SHA256(secret, body))}. No timestamp is signed: the
 * X-Shopify-Webhook-Id key (the same on every retry of a delivery) is the replay defence.
 */
public final class ShopifyVerifier extends HmacVerifier {
    public static final String SIGNATURE = "X-Shopify-Hmac-Sha256";
    public static final String WEBHOOK_ID = "X-Shopify-Webhook-Id";

    @Override
    Signed read(InboundRequest request, long nowEpochSeconds, int toleranceSeconds) {
        return Signed.of(Headers.signature(SIGNATURE, Headers.required(request, SIGNATURE), Headers.BASE64), request.body());
    }

    @Override
    public IdempotencyKeySource defaultKeySource() {
        return new IdempotencyKeySource.Header(WEBHOOK_ID);
    }
}
