package io.hookwarden.operator.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.util.Set;

/**
 * A piece of the runtime's configuration (its ConfigMap and Deployments). Kubernetes deletes it
 * with its WebhookSource through the owner reference, but the operator itself never deletes it: when
 * its precondition fails (a Secret went missing) it stays at its last good state instead of being
 * torn down, so ingestion goes on.
 */
public abstract class HeldKubernetesDependent<R extends HasMetadata> extends KubernetesDependentResource<R, WebhookSource>
        implements Creator<R, WebhookSource>, Updater<R, WebhookSource>, SecondaryToPrimaryMapper<R> {
    private final SecondaryToPrimaryMapper<R> owners = Mappers.fromOwnerReferences(WebhookSource.class);

    protected HeldKubernetesDependent(Class<R> resourceType) {
        super(resourceType);
    }

    @Override
    protected boolean addOwnerReference() {
        return true;
    }

    @Override
    public Set<ResourceID> toPrimaryResourceIDs(R resource) {
        return owners.toPrimaryResourceIDs(resource);
    }
}
