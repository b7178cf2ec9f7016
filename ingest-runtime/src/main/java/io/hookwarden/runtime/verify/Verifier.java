package io.hookwarden.runtime.verify;

import io.hookwarden.api.v1alpha1.IdempotencyKeySource;
import java.util.List;

/** One producer's signature scheme. Implementations are stateless and thread-safe. */
public interface Verifier {
    /**
     * @param secrets the source's secrets, current first; each is tried and any one may match
     * @param nowEpochSeconds the clock, passed in so the window is testable
     */
    VerificationResult verify(InboundRequest request, List<byte[]> secrets, long nowEpochSeconds, int toleranceSeconds);

    /** Where this scheme's producers put the idempotency key, unless the source overrides it. */
    IdempotencyKeySource defaultKeySource();
}
