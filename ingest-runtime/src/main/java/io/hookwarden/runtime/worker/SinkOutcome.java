package io.hookwarden.runtime.worker;

import io.hookwarden.api.metrics.FailureClass;
import java.time.Duration;

/** What one delivery attempt came to. */
public sealed interface SinkOutcome {
    /** A 2xx: the event is delivered. */
    record Accepted(int status) implements SinkOutcome {
    }

    /** The sink asked to slow down. {@code retryAfter} is null when it did not say for how long. */
    record Throttled(Duration retryAfter, String error) implements SinkOutcome {
    }

    record Failed(FailureClass failureClass, String error) implements SinkOutcome {
    }
}
