package io.hookwarden.api.metrics;

import io.hookwarden.api.WireValue;

/** The {@code kind} label of {@code hookwarden_queue_messages}: which messages of a source's queues are counted. */
public enum QueueKind implements WireValue {
    /** Waiting in the main queue. */
    VISIBLE,
    /** Received from the main queue and not yet deleted. */
    IN_FLIGHT,
    /** Waiting in the dead-letter queue. */
    DLQ
}
