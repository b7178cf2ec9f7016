package io.hookwarden.operator.secrets;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.quarkus.arc.Unremovable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Reconcile precondition of the runtime's ConfigMap and Deployments: a pod that mounts a missing
 * Secret key never starts, so nothing is rolled out until every key exists. Those dependents do not
 * delete on a failed precondition: what already runs keeps its last good configuration.
 */
@Singleton
@Unremovable
public class SecretsResolved implements Condition<HasMetadata, WebhookSource> {
    @Inject
    SecretResolver resolver;

    @Override
    public boolean isMet(DependentResource<HasMetadata, WebhookSource> dependent, WebhookSource primary,
            Context<WebhookSource> context) {
        return resolver.resolve(primary, context).resolved();
    }
}
