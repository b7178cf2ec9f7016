package io.hookwarden.runtime.verify;

import io.hookwarden.api.v1alpha1.IdempotencyKeySource;
import java.util.List;

/** One producer's signature scheme, configured once per source. Implementations are thread-safe. */
public interface Verifier {
    /**
     * Runs on the event loop: no blocking, few allocations.
     *
     * @param keys the source's keys as {@link #keys} made them, current first; each is tried and any one may match
     * @param nowEpochSeconds the clock, passed in so the window is testable
     * @param toleranceSeconds the source's effective tolerance (0, and unused, for schemes that sign no timestamp)
     */
    VerificationResult verify(InboundRequest request, List<byte[]> keys, long nowEpochSeconds, int toleranceSeconds);

    /** Where this scheme's producers put the idempotency key, unless the source overrides it. */
    IdempotencyKeySource defaultKeySource();

    /**
     * The Secret values as this scheme uses them, derived once per (re)read rather than per request. Throws
     * {@link IllegalArgumentException} saying what is wrong, never the value, when one is not valid for the scheme.
     */
    default List<byte[]> keys(List<byte[]> secrets) {
        return secrets;
    }

    /**
     * The answer a producer expects, instead of an event being stored, to a signed handshake it sends when an
     * endpoint is registered (Slack's {@code url_verification}); null for an ordinary event.
     */
    default String handshakeReply(byte[] body) {
        return null;
    }
}
