package io.hookwarden.runtime.replay;

import io.hookwarden.runtime.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** What replays and requeues count: events by outcome, and messages skipped as already delivered. */
final class ReplayMetrics {
    static final String REQUEUED = "requeued";
    static final String ALREADY_DELIVERED = "already_delivered";
    static final String SKIPPED = "skipped";
    static final String FAILED = "failed";

    private final MeterRegistry meters;

    ReplayMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void count(String source, String outcome, long amount) {
        if (amount > 0) {
            Counter.builder(MetricNames.REPLAY_EVENTS).description("Events a replay or requeue went through")
                    .tags("source", source, "outcome", outcome).register(meters).increment(amount);
        }
    }

    void dedupHits(String source, long amount) {
        if (amount > 0) {
            Counter.builder(MetricNames.DEDUP_HITS).description("Messages skipped because their event was already delivered")
                    .tags("source", source, "stage", "replay").register(meters).increment(amount);
        }
    }
}
