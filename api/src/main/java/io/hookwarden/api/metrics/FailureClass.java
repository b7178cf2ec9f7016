package io.hookwarden.api.metrics;

import io.hookwarden.api.WireValue;

/**
 * Why a delivery did not succeed: the {@code failure_class} label of {@code hookwarden_deliveries_total}
 * and the runtime's {@code events.failure_class} column.
 */
public enum FailureClass implements WireValue {
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

    /** The {@code failure_class} label of a delivery that did not fail (delivered, superseded). */
    public static final String NONE = "none";

    /** {@code failureClass}'s label, {@link #NONE} for null. */
    public static String label(FailureClass failureClass) {
        return failureClass != null ? failureClass.wire() : NONE;
    }

    public static FailureClass fromWire(String wire) {
        return WireValue.fromWire(FailureClass.class, wire);
    }
}
