package io.hookwarden.runtime.replay;

import io.hookwarden.runtime.config.Source;
import io.hookwarden.api.metrics.DedupStage;
import io.hookwarden.api.metrics.Metric;
import io.hookwarden.api.metrics.MetricLabels;
import io.hookwarden.api.metrics.ReplayOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** What replays and requeues count: events by outcome, and messages skipped as already delivered. */
final class ReplayMetrics {
    private final MeterRegistry meters;

    ReplayMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void count(Source source, ReplayOutcome outcome, long amount) {
        if (amount > 0) {
            Counter.builder(Metric.REPLAY_EVENTS.meterName()).description("Events a replay or requeue went through")
                    .tags(source.meterTags()).tag(MetricLabels.OUTCOME, outcome.wire()).register(meters).increment(amount);
        }
    }

    void dedupHits(Source source, long amount) {
        if (amount > 0) {
            Counter.builder(Metric.DEDUP_HITS.meterName()).description("Messages skipped because their event was already delivered")
                    .tags(source.meterTags()).tag(MetricLabels.STAGE, DedupStage.REPLAY.wire()).register(meters).increment(amount);
        }
    }
}
