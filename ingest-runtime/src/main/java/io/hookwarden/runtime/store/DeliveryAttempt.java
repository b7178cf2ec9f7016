package io.hookwarden.runtime.store;

import io.hookwarden.api.metrics.FailureClass;
import java.time.Instant;

/**
 * One call of an event's sink, as {@code delivery_attempts} keeps it.
 *
 * @param at when the sink answered, or the attempt gave up
 * @param httpStatus the sink's HTTP status; null when it did not answer
 * @param failureClass null when the sink accepted the event
 */
public record DeliveryAttempt(Instant at, Integer httpStatus, FailureClass failureClass, String error) {
}
