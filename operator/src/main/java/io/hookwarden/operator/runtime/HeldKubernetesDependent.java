package io.hookwarden.operator.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;

/**
 * A piece of the runtime's configuration (its ConfigMap and Deployments). Kubernetes deletes it
 * with its WebhookSource through the owner reference, but the operator itself never deletes it: when
 * its precondition fails (a Secret went missing) it stays at its last good state instead of being
 * torn down, so ingestion goes on.
 */
public abstract class HeldKubernetesDependent<R extends HasMetadata> extends OwnedKubernetesDependent<R>
        implements Creator<R, WebhookSource>, Updater<R, WebhookSource> {
    protected HeldKubernetesDependent(Class<R> resourceType) {
        super(resourceType);
    }
}
