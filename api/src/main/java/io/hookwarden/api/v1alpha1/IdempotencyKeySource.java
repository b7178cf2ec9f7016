package io.hookwarden.api.v1alpha1;

/** The parsed form of {@code spec.idempotency.keyFrom}. */
public sealed interface IdempotencyKeySource {
    record Header(String name) implements IdempotencyKeySource {
    }

    record JsonPointer(String pointer) implements IdempotencyKeySource {
    }

    record BodyHash() implements IdempotencyKeySource {
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
