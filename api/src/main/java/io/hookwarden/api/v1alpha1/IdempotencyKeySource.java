package io.hookwarden.api.v1alpha1;

import java.util.List;

/**
 * Where an event's idempotency key comes from: the parsed form of {@code spec.idempotency.keyFrom}, or a scheme's
 * default (which may also be one of the last two forms, which keyFrom cannot spell).
 */
public sealed interface IdempotencyKeySource {
    record Header(String name) implements IdempotencyKeySource {
    }

    record JsonPointer(String pointer) implements IdempotencyKeySource {
    }

    record BodyHash() implements IdempotencyKeySource {
    }

    /** The first candidate the request has, e.g. Slack's {@code /event_id}, else the body hash. */
    record FirstOf(List<IdempotencyKeySource> candidates) implements IdempotencyKeySource {
        public FirstOf {
            candidates = List.copyOf(candidates);
        }
    }

    /** The {@code jti} claim of the verified bearer token (scheme jwt). */
    record TokenId() implements IdempotencyKeySource {
    }

    static IdempotencyKeySource parse(String keyFrom) {
        if (keyFrom == null || !keyFrom.matches(Idempotency.KEY_FROM_PATTERN)) {
            throw new IllegalArgumentException(
                    "keyFrom must be 'header:<Name>', 'json:<JSON pointer>' or 'body-hash', got: " + keyFrom);
        }
        if (keyFrom.equals("body-hash")) {
            return new BodyHash();
        }
        if (keyFrom.startsWith("header:")) {
            return new Header(keyFrom.substring("header:".length()));
        }
        return new JsonPointer(keyFrom.substring("json:".length()));
    }
}
