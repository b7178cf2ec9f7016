package io.hookwarden.runtime.store;

import io.hookwarden.api.metrics.FailureClass;
import java.time.Instant;
import java.util.List;

/**
 * Which events of a source a replay takes: in PostgreSQL by {@link Events#page}, on a DLQ by {@link #matches}.
 * Null fields do not filter.
 *
 * @param source the source's {@code Source#id()}, as rows carry it
 *
 * @param statuses PostgreSQL only (a DLQ holds dead-lettered events)
 */
public record EventFilter(String source, List<EventStatus> statuses, String eventType, Instant since, Instant until,
        FailureClass failureClass) {

    /** The same test {@link Events#page} makes in SQL, except status. */
    public boolean matches(StoredEvent event) {
        return (eventType == null || eventType.equals(event.eventType()))
                && (since == null || !event.receivedAt().toInstant().isBefore(since))
                && (until == null || event.receivedAt().toInstant().isBefore(until))
                && (failureClass == null || failureClass == event.failureClass());
    }
}
