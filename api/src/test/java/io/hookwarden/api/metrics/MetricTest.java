package io.hookwarden.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MetricTest {
    @Test
    void countersAreScrapedWithTheTotalSuffix() {
        assertThat(Metric.DELIVERIES.prometheusName()).isEqualTo("hookwarden_deliveries_total");
        assertThat(Metric.DELIVERIES.seriesNames()).containsExactly("hookwarden_deliveries_total");
    }

    @Test
    void gaugesAreScrapedUnderTheirName() {
        assertThat(Metric.OUTBOX_PENDING.prometheusName()).isEqualTo("hookwarden_outbox_pending");
    }

    @Test
    void secondsGaugesCarryTheirUnit() {
        assertThat(Metric.DLQ_OLDEST_AGE.prometheusName()).isEqualTo("hookwarden_dlq_oldest_age_seconds");
    }

    @Test
    void timersAreScrapedAsAHistogramWithItsMaximum() {
        assertThat(Metric.INGEST_DURATION.seriesNames()).containsExactly(
                "hookwarden_ingest_duration_seconds_bucket", "hookwarden_ingest_duration_seconds_count",
                "hookwarden_ingest_duration_seconds_sum", "hookwarden_ingest_duration_seconds_max");
    }

    @Test
    void everyMeterNameIsDistinct() {
        assertThat(Arrays.stream(Metric.values()).map(Metric::meterName)).doesNotHaveDuplicates();
    }

    @Test
    void deliveriesAreLabelledBySourceResultAndFailureClass() {
        assertThat(Metric.DELIVERIES.labels()).containsExactly("namespace", "source", "result", "failure_class");
    }
}
