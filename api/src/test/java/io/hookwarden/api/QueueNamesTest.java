package io.hookwarden.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookwarden.api.v1alpha1.QueueNames;
import io.hookwarden.api.v1alpha1.QueueType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    void unambiguousSourcesKeepTheQueueNamesTheyHadBefore() {
        assertThat(QueueNames.mainQueue("payments", "stripe-live", QueueType.STANDARD)).isEqualTo("hookwarden-payments-stripe-live");
        assertThat(QueueNames.deadLetterQueue("test", "orders", QueueType.FIFO)).isEqualTo("hookwarden-test-orders-dlq.fifo");
    }

    @Test
    void hyphenInTheNamespaceDoesNotShareAQueueWithHyphenInTheName() {
        String teamA = QueueNames.mainQueue("team-a", "x", QueueType.STANDARD);
        String team = QueueNames.mainQueue("team", "a-x", QueueType.STANDARD);
        assertThat(teamA).isNotEqualTo(team).startsWith("hookwarden-team-a-x_").matches("[A-Za-z0-9_-]{1,80}");
        assertThat(team).isEqualTo("hookwarden-team-a-x");
    }

    @Test
    void dotAndHyphenInOneNamespaceDoNotShareAQueue() {
        assertThat(QueueNames.mainQueue("shop", "a.b", QueueType.STANDARD))
                .isNotEqualTo(QueueNames.mainQueue("shop", "a-b", QueueType.STANDARD))
                .matches("[A-Za-z0-9_-]{1,80}");
    }

    @Test
    void everyPairOfDistinctSourcesGetsDistinctQueues() {
        List<String> parts = List.of("a", "b", "a-b", "b-a", "a-a", "ab", "a.b", "a-b-a", "a.a", "b.a-b");
        Map<String, String> owners = new HashMap<>();
        for (String namespace : parts) {
            if (namespace.contains(".")) {
                continue; // Kubernetes namespaces are DNS labels: no dots.
            }
            for (String name : parts) {
                for (QueueType type : QueueType.values()) {
                    for (String queue : List.of(QueueNames.mainQueue(namespace, name, type), QueueNames.deadLetterQueue(namespace, name, type))) {
                        String owner = owners.put(queue, namespace + "/" + name);
                        assertThat(owner).as("queue %s", queue).isIn(null, namespace + "/" + name);
                    }
                }
            }
        }
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
