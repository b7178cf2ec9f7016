package io.hookwarden.runtime.store;

import java.util.UUID;

/** What storing an event came to. */
public sealed interface StoreOutcome {
    /** Committed: the event is durable and in the outbox. */
    record Accepted(UUID eventId) implements StoreOutcome {
    }

    /** The key was seen before with the same body: the original event. */
    record Duplicate(UUID eventId) implements StoreOutcome {
    }

    /** The key was seen before with a different body. */
    record Conflict(UUID eventId) implements StoreOutcome {
    }

    /**
     * Another request with this signature (the same signed bytes) was accepted under another key: a replay, refused.
     * A replay under its original key is a {@link Duplicate}.
     */
    record Replayed(UUID eventId) implements StoreOutcome {
    }

    /** PostgreSQL refuses this event's data: it never will be stored, so the producer must not retry it. */
    record Unstorable(String reason) implements StoreOutcome {
    }

    /** Nothing was committed; the producer should retry. */
    record Unavailable(String reason) implements StoreOutcome {
    }
}
