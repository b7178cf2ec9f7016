package io.hookwarden.runtime.metrics;

import io.hookwarden.runtime.config.Source;
import io.hookwarden.api.metrics.IngestOutcome;
import io.hookwarden.api.metrics.Metric;
import io.hookwarden.api.metrics.MetricLabels;
import io.hookwarden.api.metrics.SignatureKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

/** One source's ingest meters, created once so the request path only increments. */
public final class IngestMetrics {
    /** Histogram buckets: fine where the latency objective lives (tens of ms), coarse beyond. */
    private static final Duration[] BUCKETS = LongStream.of(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000)
            .mapToObj(Duration::ofMillis).toArray(Duration[]::new);
    private final Map<IngestOutcome, Counter> requests = new EnumMap<>(IngestOutcome.class);
    private final Map<IngestOutcome, Timer> durations = new EnumMap<>(IngestOutcome.class);
    private final Map<SignatureKey, Counter> signatureMatches = new EnumMap<>(SignatureKey.class);

    public IngestMetrics(MeterRegistry registry, Source source) {
        for (IngestOutcome outcome : IngestOutcome.values()) {
            requests.put(outcome, Counter.builder(Metric.INGEST_REQUESTS.meterName())
                    .description("Ingest requests by outcome")
                    .tags(source.meterTags()).tag(MetricLabels.OUTCOME, outcome.wire())
                    .register(registry));
            durations.put(outcome, Timer.builder(Metric.INGEST_DURATION.meterName())
                    .description("Time from the request's arrival to its answer")
                    .tags(source.meterTags()).tag(MetricLabels.OUTCOME, outcome.wire())
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry));
        }
        for (SignatureKey key : SignatureKey.values()) {
            signatureMatches.put(key, Counter.builder(Metric.SIGNATURE_MATCHES.meterName())
                    .description("Verified requests by which secret matched; 'previous' at 0 means a rotation can finish")
                    .tags(source.meterTags()).tag(MetricLabels.KEY, key.wire())
                    .register(registry));
        }
    }

    public void record(IngestOutcome outcome, long startNanos) {
        requests.get(outcome).increment();
        durations.get(outcome).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    /** Requests answered with {@code outcome} since the process started. */
    public long requests(IngestOutcome outcome) {
        return (long) requests.get(outcome).count();
    }

    public void signatureMatched(int secretIndex) {
        signatureMatches.get(SignatureKey.ofSecretIndex(secretIndex)).increment();
    }
}
