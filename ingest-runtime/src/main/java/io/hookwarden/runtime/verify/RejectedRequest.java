package io.hookwarden.runtime.verify;

import io.hookwarden.runtime.http.Rejection;

/**
 * Thrown by the header helpers so that each scheme reads as a straight line; caught in the verifier and turned
 * into a {@link VerificationResult.Rejected}. No stack trace: it is a verdict, not a fault.
 */
final class RejectedRequest extends RuntimeException {
    private final transient Rejection rejection;

    RejectedRequest(Rejection rejection) {
        super(rejection.error(), null, false, false);
        this.rejection = rejection;
    }

    Rejection rejection() {
        return rejection;
    }
}
