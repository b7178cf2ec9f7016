package io.hookwarden.operator.admin;

import io.fabric8.kubernetes.api.model.Secret;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** The operator creates the admin token Secret unless the source references one of its own. */
public class AdminTokenGenerated implements Condition<Secret, WebhookSource> {
    @Override
    public boolean isMet(DependentResource<Secret, WebhookSource> dependent, WebhookSource primary,
            Context<WebhookSource> context) {
        return AdminToken.generated(primary);
    }
}
