package io.hookwarden.runtime.store;

import io.hookwarden.api.metrics.FailureClass;
import java.util.UUID;

/**
 * What a worker learnt about one event, as {@link Events#recordOutcomes} writes it.
 *
 * @param status the new status, or null to keep it (a failed attempt that will be retried)
 * @param attempt the sink call this outcome comes from; null when the sink was not called
 * @param version for a delivered event whose entity is versioned, else null
 */
public record DeliveryOutcome(UUID eventId, EventStatus status, DeliveryAttempt attempt, String error, FailureClass failureClass,
        EntityVersion version) {

    public static DeliveryOutcome delivered(UUID eventId, DeliveryAttempt attempt, EntityVersion version) {
        return new DeliveryOutcome(eventId, EventStatus.DONE, attempt, null, null, version);
    }

    public static DeliveryOutcome failed(UUID eventId, DeliveryAttempt attempt) {
        return new DeliveryOutcome(eventId, null, attempt, attempt.error(), attempt.failureClass(), null);
    }

    /** @param lastAttempt the attempt that used up the event's receives; null when it could not be attempted (poison) */
    public static DeliveryOutcome deadLettered(UUID eventId, DeliveryAttempt lastAttempt, FailureClass failureClass, String error) {
        return new DeliveryOutcome(eventId, EventStatus.DEAD_LETTERED, lastAttempt, error, failureClass, null);
    }

    public static DeliveryOutcome superseded(UUID eventId) {
        return new DeliveryOutcome(eventId, EventStatus.SUPERSEDED, null, null, null, null);
    }

    /** Two outcomes of one event in one round, as one row update: the later one's status and error win. */
    DeliveryOutcome then(DeliveryOutcome later) {
        return new DeliveryOutcome(eventId, later.status != null ? later.status : status, later.attempt,
                later.error != null ? later.error : error, later.failureClass != null ? later.failureClass : failureClass, null);
    }
}
