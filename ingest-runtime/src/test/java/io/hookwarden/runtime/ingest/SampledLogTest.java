package io.hookwarden.runtime.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SampledLogTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aFloodOfOneRefusalLogsOneLinePerIntervalWithTheCountLeftOut() {
        SampledLog log = new SampledLog(10 * SECOND);
        assertThat(log.admit("shop/signature_mismatch", 0)).isZero();
        for (int i = 1; i <= 999; i++) {
            assertThat(log.admit("shop/signature_mismatch", i * 1000L)).isEqualTo(SampledLog.SUPPRESSED);
        }
        assertThat(log.admit("shop/signature_mismatch", 10 * SECOND)).isEqualTo(999);
    }

    @Test
    void eachSubjectHasItsOwnInterval() {
        SampledLog log = new SampledLog(10 * SECOND);
        assertThat(log.admit("shop/signature_mismatch", 0)).isZero();
        assertThat(log.admit("shop/missing_header", 1)).isZero();
        assertThat(log.admit("orders/signature_mismatch", 2)).isZero();
    }
}
