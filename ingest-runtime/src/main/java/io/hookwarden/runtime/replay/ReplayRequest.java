package io.hookwarden.runtime.replay;

import io.hookwarden.api.metrics.FailureClass;
import io.hookwarden.runtime.sqs.SqsBatch;
import io.hookwarden.runtime.store.EventFilter;
import io.hookwarden.runtime.store.EventStatus;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which events a replay sends back to their queue, and how fast. The same option names serve the
 * CLI ({@code --from-dlq}) and the admin API ({@code "from-dlq": true}).
 *
 * @param fromDeadLetterQueue drain the source's DLQ; else select events in PostgreSQL by status
 * @param statuses PostgreSQL replays only: the statuses selected (default dead_lettered)
 * @param ratePerSecond events per second at most; 0 for no limit
 */
public record ReplayRequest(String source, boolean fromDeadLetterQueue, String eventType, Instant since, Instant until,
        FailureClass failureClass, List<EventStatus> statuses, int ratePerSecond, boolean dryRun) {

    public static final Set<String> OPTIONS = Set.of("source", "from-dlq", "type", "since", "until", "failure-class",
            "status", "rate", "dry-run");

    /** Which events of the source with this {@code Source#id()} it takes; on a DLQ the statuses do not apply. */
    public EventFilter filter(String sourceId) {
        return new EventFilter(sourceId, statuses, eventType, since, until, failureClass);
    }

    /** Events per SQS batch: fewer when a low rate would otherwise send them in bursts. */
    int batchSize() {
        return ratePerSecond > 0 ? Math.min(SqsBatch.MAX_ENTRIES, ratePerSecond) : SqsBatch.MAX_ENTRIES;
    }

    /** @throws IllegalArgumentException naming the option that is wrong */
    public static ReplayRequest parse(Map<String, String> options) {
        for (String name : options.keySet()) {
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("unknown replay option: " + name);
            }
        }
        String source = options.get("source");
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("replay needs a source");
        }
        boolean fromDlq = flag(options, "from-dlq");
        if (fromDlq && options.containsKey("status")) {
            throw new IllegalArgumentException("status selects events in PostgreSQL; it does not go with from-dlq");
        }
        List<EventStatus> statuses = Arrays.stream(options.getOrDefault("status", EventStatus.DEAD_LETTERED.label()).split(","))
                .map(String::strip).map(EventStatus::fromLabel).toList();
        String failureClass = options.get("failure-class");
        return new ReplayRequest(source, fromDlq, options.get("type"), time(options, "since"), time(options, "until"),
                failureClass != null ? failureClass(failureClass) : null, statuses, rate(options.get("rate")),
                flag(options, "dry-run"));
    }

    private static FailureClass failureClass(String wire) {
        try {
            return FailureClass.fromWire(wire);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown failure class '" + wire + "' (one of "
                    + Arrays.stream(FailureClass.values()).map(FailureClass::wire).collect(Collectors.joining(", ")) + ")");
        }
    }

    private static boolean flag(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new IllegalArgumentException(name + " is true or false, not " + value);
    }

    private static Instant time(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " is an ISO-8601 time with an offset, e.g. 2026-01-31T12:00:00Z; got " + value);
        }
    }

    /** "50/s" or "50". */
    private static int rate(String value) {
        if (value == null) {
            return 0;
        }
        String number = value.endsWith("/s") ? value.substring(0, value.length() - 2) : value;
        try {
            int rate = Integer.parseInt(number.strip());
            if (rate < 1) {
                throw new NumberFormatException();
            }
            return rate;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("rate is a whole number of events per second, e.g. 50/s; got " + value);
        }
    }
}
