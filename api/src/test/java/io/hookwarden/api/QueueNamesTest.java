package io.hookwarden.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookwarden.api.v1alpha1.QueueNames;
import io.hookwarden.api.v1alpha1.QueueType;
import org.junit.jupiter.api.Test;

class QueueNamesTest {
    @Test
    void standardQueuesAreNamedAfterNamespaceAndSource() {
        assertThat(QueueNames.mainQueue("shop", "stripe", QueueType.STANDARD)).isEqualTo("hookwarden-shop-stripe");
        assertThat(QueueNames.deadLetterQueue("shop", "stripe", QueueType.STANDARD)).isEqualTo("hookwarden-shop-stripe-dlq");
    }

    @Test
    void fifoQueuesEndInFifo() {
        assertThat(QueueNames.mainQueue("shop", "wp", QueueType.FIFO)).isEqualTo("hookwarden-shop-wp.fifo");
        assertThat(QueueNames.deadLetterQueue("shop", "wp", QueueType.FIFO)).isEqualTo("hookwarden-shop-wp-dlq.fifo");
    }

    @Test
    void longNamesAreShortenedToSqsLimitAndStayDistinct() {
        String ns = "n".repeat(63);
        String a = QueueNames.deadLetterQueue(ns, "a".repeat(60), QueueType.FIFO);
        String b = QueueNames.deadLetterQueue(ns, "a".repeat(59) + "b", QueueType.FIFO);
        assertThat(a).hasSizeLessThanOrEqualTo(80).endsWith("-dlq.fifo").matches("[A-Za-z0-9_.-]+");
        assertThat(a).isNotEqualTo(b);
    }
}
