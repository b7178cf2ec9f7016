package io.hookwarden.runtime.worker;

import io.hookwarden.runtime.metrics.MetricNames;
import io.hookwarden.runtime.store.FailureClass;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

/** One source's delivery meters; counters are created on first use and then only incremented. */
public final class DeliveryMetrics {
    private static final Duration[] BUCKETS = LongStream.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000)
            .mapToObj(Duration::ofMillis).toArray(Duration[]::new);
    private static final String NO_FAILURE = "none";

    public enum Result {
        /** The sink accepted the event. */
        DELIVERED,
        /** Failed; back on the queue with backoff. */
        RETRYING,
        /** Failed for the last allowed time, or poison: moved to the DLQ. */
        DEAD_LETTERED,
        /** The sink asked to slow down; the source is paused and the event held. */
        THROTTLED,
        /** Older than what its entity already has; not delivered. */
        SUPERSEDED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final String source;
    private final Timer duration;
    private final Counter dedupHits;
    private final Map<String, Counter> deliveries = new ConcurrentHashMap<>();

    public DeliveryMetrics(MeterRegistry registry, String source) {
        this.registry = registry;
        this.source = source;
        this.duration = Timer.builder(MetricNames.DELIVERY_DURATION)
                .description("One delivery attempt, from request to the sink's answer")
                .tags("source", source)
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
        this.dedupHits = Counter.builder(MetricNames.DEDUP_HITS)
                .description("Messages skipped because their event was already delivered")
                .tags("source", source, "stage", "worker")
                .register(registry);
    }

    public void attempted(long startNanos) {
        duration.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    public void count(Result result, FailureClass failureClass) {
        String failure = failureClass != null ? failureClass.label() : NO_FAILURE;
        deliveries.computeIfAbsent(result.label() + "/" + failure, k -> Counter.builder(MetricNames.DELIVERIES)
                .description("Deliveries by result and failure class")
                .tags("source", source, "result", result.label(), "failure_class", failure)
                .register(registry)).increment();
    }

    public void dedupHit() {
        dedupHits.increment();
    }
}
