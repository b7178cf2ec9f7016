package io.hookwarden.operator.ingest;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** The Ingress exists while {@code spec.ingest.expose} is set, and is deleted when it is unset. */
public class Exposed implements Condition<Ingress, WebhookSource> {
    @Override
    public boolean isMet(DependentResource<Ingress, WebhookSource> dependent, WebhookSource primary,
            Context<WebhookSource> context) {
        return primary.getSpec().getIngest().getExpose() != null;
    }
}
