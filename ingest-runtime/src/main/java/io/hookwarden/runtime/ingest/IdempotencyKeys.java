package io.hookwarden.runtime.ingest;

import io.hookwarden.api.v1alpha1.IdempotencyKeySource;
import io.hookwarden.runtime.http.Rejection;
import java.util.function.UnaryOperator;

/** Finds an event's idempotency key where its source says the key lives. */
final class IdempotencyKeys {
    static final int MAX_KEY_LENGTH = 256;

    private IdempotencyKeys() {
    }

    /** The key, or why the request has none: exactly one of the two is set. */
    record Resolved(String key, Rejection rejection) {
        static Resolved key(String key) {
            return new Resolved(key, null);
        }

        static Resolved missing(Rejection rejection) {
            return new Resolved(null, rejection);
        }
    }

    /**
     * @param headers the request's header lookup
     * @param tokenId the verified token's jti, null for schemes without a token
     */
    static Resolved resolve(IdempotencyKeySource source, UnaryOperator<String> headers, EventFacts facts, String bodyHash,
            String tokenId) {
        if (source instanceof IdempotencyKeySource.Header header) {
            String key = headers.apply(header.name());
            if (key == null || key.isBlank()) {
                return Resolved.missing(Rejection.missingHeader(header.name()));
            }
            if (key.length() > MAX_KEY_LENGTH) {
                return Resolved.missing(Rejection.invalidHeader(header.name(), "longer than " + MAX_KEY_LENGTH + " characters"));
            }
            return Resolved.key(key);
        }
        if (source instanceof IdempotencyKeySource.JsonPointer pointer) {
            return bounded(facts.at(pointer.pointer()), "the JSON body has no idempotency key (a scalar of at most "
                    + MAX_KEY_LENGTH + " characters) at " + pointer.pointer());
        }
        if (source instanceof IdempotencyKeySource.TokenId) {
            return bounded(tokenId, "the token has no jti claim of at most " + MAX_KEY_LENGTH + " characters");
        }
        if (source instanceof IdempotencyKeySource.FirstOf firstOf) {
            Resolved last = null;
            for (IdempotencyKeySource candidate : firstOf.candidates()) {
                last = resolve(candidate, headers, facts, bodyHash, tokenId);
                if (last.key() != null) {
                    return last;
                }
            }
            return last;
        }
        return Resolved.key(bodyHash);
    }

    private static Resolved bounded(String key, String whyMissing) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            return Resolved.missing(new Rejection(400, "missing_idempotency_key", whyMissing));
        }
        return Resolved.key(key);
    }
}
