package io.hookwarden.operator.ingest;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** The autoscaler exists while {@code spec.ingest.autoscaling} is set, and is deleted when it is unset. */
public class AutoscalingEnabled implements Condition<HorizontalPodAutoscaler, WebhookSource> {
    @Override
    public boolean isMet(DependentResource<HorizontalPodAutoscaler, WebhookSource> dependent, WebhookSource primary,
            Context<WebhookSource> context) {
        return primary.getSpec().getIngest().getAutoscaling() != null;
    }
}
