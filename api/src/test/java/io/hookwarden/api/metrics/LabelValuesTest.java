package io.hookwarden.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookwarden.api.WireValue;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LabelValuesTest {
    @Test
    void labelValuesAreLowerCaseNames() {
        assertThat(DeliveryResult.DEAD_LETTERED.wire()).isEqualTo("dead_lettered");
        assertThat(IngestOutcome.REJECTED_SIGNATURE.wire()).isEqualTo("rejected_signature");
        assertThat(QueueKind.IN_FLIGHT.wire()).isEqualTo("in_flight");
        assertThat(FailureClass.HTTP_5XX.wire()).isEqualTo("http_5xx");
    }

    @Test
    void aDeliveryThatDidNotFailIsLabelledNone() {
        assertThat(FailureClass.label(null)).isEqualTo("none");
        assertThat(FailureClass.label(FailureClass.TIMEOUT)).isEqualTo("timeout");
    }

    @Test
    void noneIsNotAFailureClass() {
        assertThat(Arrays.stream(FailureClass.values()).map(WireValue::wire)).doesNotContain(FailureClass.NONE);
        assertThatThrownBy(() -> FailureClass.fromWire(FailureClass.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one of http_4xx, http_5xx, timeout, connection, rate_limited, poison");
    }

    @Test
    void failureClassesReadBackFromTheirLabel() {
        for (FailureClass failureClass : FailureClass.values()) {
            assertThat(FailureClass.fromWire(failureClass.wire())).isSameAs(failureClass);
        }
    }

    @Test
    void theFirstSecretIsTheCurrentKey() {
        assertThat(SignatureKey.ofSecretIndex(0)).isEqualTo(SignatureKey.CURRENT);
        assertThat(SignatureKey.ofSecretIndex(1)).isEqualTo(SignatureKey.PREVIOUS);
    }
}
