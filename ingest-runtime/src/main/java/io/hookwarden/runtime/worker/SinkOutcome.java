package io.hookwarden.runtime.worker;

import io.hookwarden.api.metrics.FailureClass;
import io.hookwarden.runtime.store.DeliveryAttempt;
import java.time.Duration;
import java.time.Instant;

/** What one delivery attempt came to. */
public sealed interface SinkOutcome {
    /** The attempt as PostgreSQL keeps it, answered at {@code at}. */
    DeliveryAttempt attempt(Instant at);

    /** A 2xx: the event is delivered. */
    record Accepted(int status) implements SinkOutcome {
        @Override
        public DeliveryAttempt attempt(Instant at) {
            return new DeliveryAttempt(at, status, null, null);
        }
    }

    /** The sink asked to slow down ({@code status} 429 or 503). {@code retryAfter} is null when it did not say for how long. */
    record Throttled(int status, Duration retryAfter, String error) implements SinkOutcome {
        @Override
        public DeliveryAttempt attempt(Instant at) {
            return new DeliveryAttempt(at, status, FailureClass.RATE_LIMITED, error);
        }
    }

    /** @param status the sink's HTTP status; null when it did not answer (timeout, connection) */
    record Failed(FailureClass failureClass, Integer status, String error) implements SinkOutcome {
        @Override
        public DeliveryAttempt attempt(Instant at) {
            return new DeliveryAttempt(at, status, failureClass, error);
        }
    }
}
