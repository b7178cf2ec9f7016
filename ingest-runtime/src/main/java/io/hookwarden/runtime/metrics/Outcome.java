package io.hookwarden.runtime.metrics;

/** The {@code outcome} label of {@code hookwarden_ingest_requests_total}. */
public enum Outcome {
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
    UNAVAILABLE;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
