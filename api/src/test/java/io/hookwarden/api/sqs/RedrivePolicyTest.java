package io.hookwarden.api.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedrivePolicyTest {
    @Test
    void readsBackWhatItWrites() {
        RedrivePolicy policy = new RedrivePolicy("arn:aws:sqs:us-east-1:000000000000:hookwarden-shop-stripe-dlq", 5);

        assertThat(RedrivePolicy.parse(policy.toJson())).contains(policy);
    }

    @Test
    void readsTheCountAsSqsReturnsIt() {
        assertThat(RedrivePolicy.parse("{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:1:q-dlq\",\"maxReceiveCount\":7}"))
                .contains(new RedrivePolicy("arn:aws:sqs:us-east-1:1:q-dlq", 7));
    }

    @Test
    void namesTheDeadLetterQueueByTheLastPartOfItsArn() {
        assertThat(new RedrivePolicy("arn:aws:sqs:us-east-1:000000000000:hookwarden-shop-wp-dlq.fifo", 5).deadLetterQueueName())
                .isEqualTo("hookwarden-shop-wp-dlq.fifo");
    }

    @Test
    void aQueueWithoutPolicyHasNone() {
        assertThat(RedrivePolicy.parse(null)).isEmpty();
        assertThat(RedrivePolicy.parse("")).isEmpty();
        assertThat(RedrivePolicy.parse("not json")).isEmpty();
    }
}
