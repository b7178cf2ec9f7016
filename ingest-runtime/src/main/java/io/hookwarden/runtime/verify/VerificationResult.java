package io.hookwarden.runtime.verify;

/** Outcome of a signature check: which secret matched, or why none did. */
public sealed interface VerificationResult {
    /** @param secretIndex position in the source's secret list: 0 is the current one, higher are rotation ones */
    record Verified(int secretIndex) implements VerificationResult {
    }

    record Rejected(Rejection rejection) implements VerificationResult {
    }
}
