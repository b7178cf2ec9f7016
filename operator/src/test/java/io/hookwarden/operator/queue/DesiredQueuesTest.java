package io.hookwarden.operator.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookwarden.api.sqs.QueueAttributes;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.operator.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class DesiredQueuesTest {
    @Test
    void queuesAreTaggedAsTheOperatorsOwn() {
        SqsQueues queues = DesiredQueues.of(Fixtures.source("shop", "stripe"));

        assertThat(queues.main().tags()).containsEntry("app.kubernetes.io/managed-by", "hookwarden-operator")
                .containsEntry("hookwarden.io/webhooksource", "shop/stripe");
        assertThat(queues.deadLetter().tags()).containsEntry("hookwarden.io/queue-role", "dead-letter");
    }

    @Test
    void redriveNamesTheDeadLetterQueueAndTheSpecsReceiveCount() {
        WebhookSource source = Fixtures.source("shop", "stripe");
        source.getSpec().getQueue().getDeadLetter().setMaxReceiveCount(8);

        assertThat(DesiredQueues.of(source).redrive()).isEqualTo(new SqsQueues.Redrive("hookwarden-shop-stripe-dlq", 8));
    }

    @Test
    void theDesiredStateKnowsNoUrls() {
        SqsQueues queues = DesiredQueues.of(Fixtures.source("shop", "stripe"));

        assertThat(queues.main().url()).isNull();
        assertThat(queues.deadLetter().url()).isNull();
        assertThat(queues.resourceId()).isEqualTo("hookwarden-shop-stripe");
    }

    @Test
    void queuesReadBackWithUrlsHaveTheSameSettings() {
        SqsQueues desired = DesiredQueues.of(Fixtures.source("shop", "stripe"));
        SqsQueue main = desired.main();
        SqsQueue deadLetter = desired.deadLetter();
        SqsQueues read = new SqsQueues(new SqsQueue(main.name(), "http://sqs/1/main", main.attributes(), main.tags()),
                new SqsQueue(deadLetter.name(), "http://sqs/1/dlq", deadLetter.attributes(), deadLetter.tags()), desired.redrive());

        assertThat(desired.sameSettingsAs(read)).isTrue();
    }

    @Test
    void aChangedVisibilityTimeoutIsDrift() {
        SqsQueues desired = DesiredQueues.of(Fixtures.source("shop", "stripe"));
        SqsQueue main = desired.main();
        SqsQueues read = new SqsQueues(new SqsQueue(main.name(), null, Map.of(QueueAttributes.VISIBILITY_TIMEOUT, "30",
                QueueAttributes.MESSAGE_RETENTION_PERIOD, main.attributes().get(QueueAttributes.MESSAGE_RETENTION_PERIOD)),
                main.tags()), desired.deadLetter(), desired.redrive());

        assertThat(desired.sameSettingsAs(read)).isFalse();
    }

    @Test
    void attributeNamesAreSpelledAsTheSqsSdkSpellsThem() {
        assertThat(Map.of(
                QueueAttributes.VISIBILITY_TIMEOUT, QueueAttributeName.VISIBILITY_TIMEOUT,
                QueueAttributes.MESSAGE_RETENTION_PERIOD, QueueAttributeName.MESSAGE_RETENTION_PERIOD,
                QueueAttributes.FIFO_QUEUE, QueueAttributeName.FIFO_QUEUE,
                QueueAttributes.CONTENT_BASED_DEDUPLICATION, QueueAttributeName.CONTENT_BASED_DEDUPLICATION,
                QueueAttributes.REDRIVE_POLICY, QueueAttributeName.REDRIVE_POLICY,
                QueueAttributes.QUEUE_ARN, QueueAttributeName.QUEUE_ARN))
                .allSatisfy((spelling, sdk) -> assertThat(QueueAttributeName.fromValue(spelling)).isEqualTo(sdk));
    }
}
