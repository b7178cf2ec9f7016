package io.hookwarden.runtime.store;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** {@code events.status}: where an event is on its way from the producer to its sink. */
public enum EventStatus {
    /** Stored; in the outbox. */
    RECEIVED,
    /** On SQS, waiting for (another) delivery attempt. */
    QUEUED,
    /** The sink accepted it. */
    DONE,
    /** Given up on: in the dead-letter queue with its last error. */
    DEAD_LETTERED,
    /** Older than what the sink already has for its entity (version guard); not delivered. */
    SUPERSEDED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The label as an SQL string literal, for statements that must match a partial index on status. */
    String literal() {
        return "'" + label() + "'";
    }

    public static EventStatus fromLabel(String label) {
        for (EventStatus status : values()) {
            if (status.label().equals(label)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown status '" + label + "' (one of "
                + Arrays.stream(values()).map(EventStatus::label).collect(Collectors.joining(", ")) + ")");
    }

    /** Workers skip a message whose event is already finished: a duplicate, not a new delivery. */
    public boolean isFinished() {
        return this == DONE || this == SUPERSEDED;
    }
}
