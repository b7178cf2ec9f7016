package io.hookwarden.runtime.verify;

import io.hookwarden.runtime.http.Rejection;

/** Outcome of a signature check: which secret matched, or why none did. */
public sealed interface VerificationResult {
    /**
     * @param secretIndex position in the source's secret list (jwt: in its JWKS): 0 is the current one, higher are
     *     rotation ones
     * @param tokenId the verified token's jti (jwt only), the default idempotency key of that scheme
     * @param signedDigest SHA-256 of the bytes the signature covers (never of a secret): the same for a replay of this
     *     request whatever else was changed, so the store can refuse it as one
     */
    record Verified(int secretIndex, String tokenId, byte[] signedDigest) implements VerificationResult {
    }

    record Rejected(Rejection rejection) implements VerificationResult {
    }
}
