package io.hookwarden.runtime.verify;

import io.hookwarden.api.v1alpha1.IdempotencyKeySource;

/**
 * GitHub: {@code X-Hub-Signature-256: sha256=hex(HMAC-SHA256(secret, body))}. No timestamp is signed, so a captured
 * delivery verifies forever: the X-GitHub-Delivery key (kept for the idempotency retention) is the replay defence.
 */
public final class GitHubVerifier extends HmacVerifier {
    public static final String SIGNATURE = "X-Hub-Signature-256";
    public static final String DELIVERY = "X-GitHub-Delivery";

    @Override
    Signed read(InboundRequest request, long nowEpochSeconds, int toleranceSeconds) {
        String hex = Headers.afterPrefix(SIGNATURE, Headers.required(request, SIGNATURE), "sha256=");
        return Signed.of(Headers.signature(SIGNATURE, hex, Headers.LOWERCASE_HEX), request.body());
    }

    @Override
    public IdempotencyKeySource defaultKeySource() {
        return new IdempotencyKeySource.Header(DELIVERY);
    }
}
