package io.hookwarden.runtime.store;

import io.hookwarden.api.metrics.FailureClass;
import java.util.UUID;

/**
 * What a worker learnt about one event, as {@link Events#recordOutcomes} writes it.
 *
 * @param status the new status, or null to keep it (a failed attempt that will be retried)
 * @param attempts delivery attempts this outcome adds (0 when the sink was not called)
 * @param version for a delivered event whose entity is versioned, else null
 */
public record DeliveryOutcome(UUID eventId, EventStatus status, int attempts, String error, FailureClass failureClass,
        EntityVersion version) {

    public static DeliveryOutcome delivered(UUID eventId, EntityVersion version) {
        return new DeliveryOutcome(eventId, EventStatus.DONE, 1, null, null, version);
    }

    public static DeliveryOutcome failed(UUID eventId, FailureClass failureClass, String error) {
        return new DeliveryOutcome(eventId, null, 1, error, failureClass, null);
    }

    public static DeliveryOutcome deadLettered(UUID eventId, int attempts, FailureClass failureClass, String error) {
        return new DeliveryOutcome(eventId, EventStatus.DEAD_LETTERED, attempts, error, failureClass, null);
    }

    public static DeliveryOutcome superseded(UUID eventId) {
        return new DeliveryOutcome(eventId, EventStatus.SUPERSEDED, 0, null, null, null);
    }

    /** Two outcomes of one event in one round, as one: the later one's status and error win, attempts add up. */
    DeliveryOutcome then(DeliveryOutcome later) {
        return new DeliveryOutcome(eventId, later.status != null ? later.status : status, attempts + later.attempts,
                later.error != null ? later.error : error, later.failureClass != null ? later.failureClass : failureClass, null);
    }
}
