package io.hookwarden.api.runtime;

import java.time.Duration;

/**
 * How the outbox relay retries an event SQS refused: after {@link #FIRST}, then twice as long after each next refusal,
 * at most {@link #MAX}. The operator's alert on refusals looks back further than {@link #MAX}, so that it keeps firing
 * while a refused event waits.
 */
public final class RefusedEventRetry {
    public static final Duration FIRST = Duration.ofSeconds(5);
    public static final Duration MAX = Duration.ofMinutes(10);

    private RefusedEventRetry() {
    }
}
