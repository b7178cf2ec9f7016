package io.hookwarden.runtime.store;

import io.hookwarden.api.metrics.FailureClass;
import java.time.OffsetDateTime;
import java.util.UUID;

/** An event's row as replays select and requeue it (its body stays in PostgreSQL). */
public record StoredEvent(UUID id, String source, String eventType, String traceparent, String contentType,
        String orderingKey, EventStatus status, OffsetDateTime receivedAt, FailureClass failureClass) {
}
