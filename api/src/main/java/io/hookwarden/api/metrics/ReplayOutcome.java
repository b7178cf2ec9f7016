package io.hookwarden.api.metrics;

import io.hookwarden.api.WireValue;

/** The {@code outcome} label of {@code hookwarden_replay_events_total}. */
public enum ReplayOutcome implements WireValue {
    /** Sent back to the main queue. */
    REQUEUED,
    /** Already delivered (or requeued by this replay): dropped from the dead-letter queue, not sent again. */
    ALREADY_DELIVERED,
    /** In the dead-letter queue but outside the replay's filter: left there. */
    SKIPPED,
    /** SQS refused it; still where it was. */
    FAILED
}
