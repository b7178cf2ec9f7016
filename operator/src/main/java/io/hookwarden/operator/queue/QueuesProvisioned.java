package io.hookwarden.operator.queue;

import io.hookwarden.api.v1alpha1.WebhookSource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** Workers start once both queues exist and are joined by the redrive policy. */
public class QueuesProvisioned implements Condition<SqsQueues, WebhookSource> {
    @Override
    public boolean isMet(DependentResource<SqsQueues, WebhookSource> dependent, WebhookSource primary,
            Context<WebhookSource> context) {
        return dependent.getSecondaryResource(primary, context)
                .filter(queues -> queues.main().url() != null && queues.deadLetter().url() != null)
                .filter(queues -> queues.deadLetter().name().equals(queues.redrive().deadLetterQueueName()))
                .isPresent();
    }
}
