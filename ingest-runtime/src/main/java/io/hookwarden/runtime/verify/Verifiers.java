package io.hookwarden.runtime.verify;

import io.hookwarden.api.v1alpha1.SignatureScheme;

/** The verifier of each scheme the API admits. */
public final class Verifiers {
    private Verifiers() {
    }

    public static Verifier forScheme(SignatureScheme scheme) {
        return switch (scheme) {
            case HMAC_SHA256_V1 -> new HmacSha256V1Verifier();
        };
    }
}
