package io.hookwarden.runtime.store;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Why a delivery did not succeed; stored in {@code events.failure_class} and a metric tag. */
public enum FailureClass {
    /** The sink answered 4xx (other than 429), or any other non-2xx, non-5xx status. */
    HTTP_4XX,
    HTTP_5XX,
    /** No answer within the sink's timeout. */
    TIMEOUT,
    /** No connection, or it broke before an answer. */
    CONNECTION,
    /** 429, or 503 with Retry-After: the source is paused, the event is never dead-lettered for it. */
    RATE_LIMITED,
    /** The message cannot become a delivery (no such event, unreadable payload): straight to the DLQ. */
    POISON;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FailureClass fromLabel(String label) {
        for (FailureClass failureClass : values()) {
            if (failureClass.label().equals(label)) {
                return failureClass;
            }
        }
        throw new IllegalArgumentException("unknown failure class '" + label + "' (one of "
                + Arrays.stream(values()).map(FailureClass::label).collect(Collectors.joining(", ")) + ")");
    }
}
