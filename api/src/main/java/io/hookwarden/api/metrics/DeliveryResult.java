package io.hookwarden.api.metrics;

import io.hookwarden.api.WireValue;

/** The {@code result} label of {@code hookwarden_deliveries_total}: how one delivery attempt ended. */
public enum DeliveryResult implements WireValue {
    /** The sink accepted the event. */
    DELIVERED,
    /** Failed; back on the queue with backoff. */
    RETRYING,
    /** Failed for the last allowed time, or poison: moved to the DLQ. */
    DEAD_LETTERED,
    /** The sink asked to slow down; the source is paused and the event held. */
    THROTTLED,
    /** Older than what its entity already has; not delivered. */
    SUPERSEDED
}
