package io.hookwarden.runtime.metrics;

import io.hookwarden.runtime.metrics.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** One source's ingest meters, created once so the request path only increments. */
public final class IngestMetrics {
    /** Histogram buckets: fine where the latency objective lives (tens of ms), coarse beyond. */
    private static final Duration[] BUCKETS = java.util.stream.LongStream.of(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000)
            .mapToObj(Duration::ofMillis).toArray(Duration[]::new);
    private final Map<Outcome, Counter> requests = new EnumMap<>(Outcome.class);
    private final Map<Outcome, Timer> durations = new EnumMap<>(Outcome.class);
    private final Counter currentKeyMatches;
    private final Counter previousKeyMatches;

    public IngestMetrics(MeterRegistry registry, String source) {
        for (Outcome outcome : Outcome.values()) {
            requests.put(outcome, Counter.builder(MetricNames.INGEST_REQUESTS)
                    .description("Ingest requests by outcome")
                    .tags("source", source, "outcome", outcome.label())
                    .register(registry));
            durations.put(outcome, Timer.builder(MetricNames.INGEST_DURATION)
                    .description("Time from the request's arrival to its answer")
                    .tags("source", source, "outcome", outcome.label())
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry));
        }
        currentKeyMatches = signatureMatches(registry, source, "current");
        previousKeyMatches = signatureMatches(registry, source, "previous");
    }

    private static Counter signatureMatches(MeterRegistry registry, String source, String key) {
        return Counter.builder(MetricNames.SIGNATURE_MATCHES)
                .description("Verified requests by which secret matched; 'previous' at 0 means a rotation can finish")
                .tags("source", source, "key", key)
                .register(registry);
    }

    public void record(Outcome outcome, long startNanos) {
        requests.get(outcome).increment();
        durations.get(outcome).record(System.nanoTime() - startNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void signatureMatched(int secretIndex) {
        (secretIndex == 0 ? currentKeyMatches : previousKeyMatches).increment();
    }
}
