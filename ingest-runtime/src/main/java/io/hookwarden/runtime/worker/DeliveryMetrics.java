package io.hookwarden.runtime.worker;

import io.hookwarden.runtime.config.Source;
import io.hookwarden.api.metrics.DedupStage;
import io.hookwarden.api.metrics.DeliveryResult;
import io.hookwarden.api.metrics.FailureClass;
import io.hookwarden.api.metrics.Metric;
import io.hookwarden.api.metrics.MetricLabels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

/** One source's delivery meters; counters are created on first use and then only incremented. */
public final class DeliveryMetrics {
    private static final Duration[] BUCKETS = LongStream.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000)
            .mapToObj(Duration::ofMillis).toArray(Duration[]::new);
    private final MeterRegistry registry;
    private final Source source;
    private final Timer duration;
    private final Counter dedupHits;
    private final Map<String, Counter> deliveries = new ConcurrentHashMap<>();

    public DeliveryMetrics(MeterRegistry registry, Source source) {
        this.registry = registry;
        this.source = source;
        this.duration = Timer.builder(Metric.DELIVERY_DURATION.meterName())
                .description("One delivery attempt, from request to the sink's answer")
                .tags(source.meterTags())
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
        this.dedupHits = Counter.builder(Metric.DEDUP_HITS.meterName())
                .description("Messages skipped because their event was already delivered")
                .tags(source.meterTags()).tag(MetricLabels.STAGE, DedupStage.WORKER.wire())
                .register(registry);
    }

    public void attempted(long startNanos) {
        duration.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    public void count(DeliveryResult result, FailureClass failureClass) {
        String failure = FailureClass.label(failureClass);
        deliveries.computeIfAbsent(result.wire() + "/" + failure, k -> Counter.builder(Metric.DELIVERIES.meterName())
                .description("Deliveries by result and failure class")
                .tags(source.meterTags()).tags(MetricLabels.RESULT, result.wire(), MetricLabels.FAILURE_CLASS, failure)
                .register(registry)).increment();
    }

    public void dedupHit() {
        dedupHits.increment();
    }
}
