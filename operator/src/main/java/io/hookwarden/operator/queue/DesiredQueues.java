package io.hookwarden.operator.queue;

import io.hookwarden.api.sqs.QueueDefinition;
import io.hookwarden.api.sqs.SourceQueues;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.operator.Labels;

/** The queues a WebhookSource's spec asks for, as the operator compares them with what SQS has. */
public final class DesiredQueues {
    private DesiredQueues() {
    }

    public static SqsQueues of(WebhookSource source) {
        SourceQueues queues = SourceQueues.of(source, Labels.OPERATOR);
        return new SqsQueues(desired(queues.main()), desired(queues.deadLetter()),
                new SqsQueues.Redrive(queues.deadLetter().name(), queues.maxReceiveCount()));
    }

    private static SqsQueue desired(QueueDefinition queue) {
        return new SqsQueue(queue.name(), null, queue.attributes(), queue.tags());
    }
}
