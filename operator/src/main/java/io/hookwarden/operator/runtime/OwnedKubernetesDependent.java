package io.hookwarden.operator.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.util.Set;

/**
 * A dependent the operator never deletes itself: Kubernetes deletes it with its WebhookSource through
 * the owner reference, and the informer maps it back to the source through that reference (without a
 * Deleter, the framework would look for annotations it never writes).
 */
public abstract class OwnedKubernetesDependent<R extends HasMetadata> extends KubernetesDependentResource<R, WebhookSource>
        implements SecondaryToPrimaryMapper<R> {
    private final SecondaryToPrimaryMapper<R> owners = Mappers.fromOwnerReferences(WebhookSource.class);

    protected OwnedKubernetesDependent(Class<R> resourceType) {
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
