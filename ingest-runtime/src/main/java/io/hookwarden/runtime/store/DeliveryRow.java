package io.hookwarden.runtime.store;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * What a worker reads about a received event before delivering it.
 *
 * @param storedBody the raw body when it was asked for (payload not inline in the message)
 * @param deliveredVersion the newest version delivered for the event's entity, or null
 */
public record DeliveryRow(UUID id, EventStatus status, OffsetDateTime receivedAt, String orderingKey, byte[] storedBody,
        BigDecimal deliveredVersion) {
}
