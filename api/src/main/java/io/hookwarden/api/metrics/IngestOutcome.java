package io.hookwarden.api.metrics;

import io.hookwarden.api.WireValue;

/** The {@code outcome} label of the ingest metrics: how a webhook request was answered. */
public enum IngestOutcome implements WireValue {
    ACCEPTED,
    DUPLICATE,
    /** A producer's signed endpoint check (Slack's url_verification), answered and not stored. */
    HANDSHAKE,
    REJECTED_SIGNATURE,
    REJECTED_TIMESTAMP,
    REJECTED_SIZE,
    RATE_LIMITED,
    CONFLICT,
    BAD_REQUEST,
    /** 503: the event store is unavailable or saturated. */
    UNAVAILABLE
}
