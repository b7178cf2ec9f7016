package io.hookwarden.api.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.hookwarden.api.v1alpha1.QueueSpec;
import io.hookwarden.api.v1alpha1.QueueType;
import org.junit.jupiter.api.Test;

class SourceQueuesTest {
    private static final String DLQ_ARN = "arn:aws:sqs:eu-west-1:123456789012:hookwarden-shop-stripe-dlq";

    @Test
    void standardQueuesAreNamedAfterTheSource() {
        SourceQueues queues = SourceQueues.of("shop", "stripe", new QueueSpec(), "hookwarden-operator");

        assertThat(queues.main().name()).isEqualTo("hookwarden-shop-stripe");
        assertThat(queues.deadLetter().name()).isEqualTo("hookwarden-shop-stripe-dlq");
    }

    @Test
    void theMainQueueHasTheSpecsVisibilityTimeoutAndFourDaysRetention() {
        QueueSpec spec = new QueueSpec();
        spec.setVisibilityTimeoutSeconds(120);

        assertThat(SourceQueues.of("shop", "stripe", spec, "hookwarden-operator").main().attributes()).containsOnly(
                entry("VisibilityTimeout", "120"),
                entry("MessageRetentionPeriod", "345600"));
    }

    @Test
    void theDeadLetterQueueKeepsMessagesFourteenDays() {
        assertThat(SourceQueues.of("shop", "stripe", new QueueSpec(), "hookwarden-operator").deadLetter().attributes())
                .containsOnly(entry("MessageRetentionPeriod", "1209600"));
    }

    @Test
    void fifoQueuesDeduplicateByEventIdNotByContent() {
        QueueSpec spec = new QueueSpec();
        spec.setType(QueueType.FIFO);
        SourceQueues queues = SourceQueues.of("shop", "wp", spec, "hookwarden-operator");

        assertThat(queues.main().name()).isEqualTo("hookwarden-shop-wp.fifo");
        for (QueueDefinition queue : new QueueDefinition[] {queues.main(), queues.deadLetter()}) {
            assertThat(queue.attributes()).contains(entry("FifoQueue", "true"), entry("ContentBasedDeduplication", "false"));
        }
    }

    @Test
    void theMainQueueRedrivesToTheDeadLetterQueueAfterMaxReceiveCount() {
        QueueSpec spec = new QueueSpec();
        spec.getDeadLetter().setMaxReceiveCount(3);

        assertThat(SourceQueues.of("shop", "stripe", spec, "hookwarden-operator").mainAttributes(DLQ_ARN))
                .containsEntry("RedrivePolicy", "{\"deadLetterTargetArn\":\"" + DLQ_ARN + "\",\"maxReceiveCount\":\"3\"}")
                .containsEntry("VisibilityTimeout", "300");
    }

    @Test
    void queuesAreTaggedWithTheirSourceRoleAndManager() {
        SourceQueues queues = SourceQueues.of("shop", "stripe", new QueueSpec(), QueueTags.LOCAL_MODE);

        assertThat(queues.main().tags()).containsOnly(entry("hookwarden.io/webhooksource", "shop/stripe"),
                entry("hookwarden.io/queue-role", "main"), entry("app.kubernetes.io/managed-by", "hookwarden-local"));
        assertThat(queues.deadLetter().tags()).containsEntry("hookwarden.io/queue-role", "dead-letter");
    }
}
