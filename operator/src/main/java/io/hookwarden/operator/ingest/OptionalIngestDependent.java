package io.hookwarden.operator.ingest;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.operator.ResourceNames;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * A resource named after the ingest Deployment that exists only while a part of the spec asks for it
 * (its reconcile precondition): found without a desired state, which does not exist once it is deleted.
 */
abstract class OptionalIngestDependent<R extends HasMetadata> extends CRUDKubernetesDependentResource<R, WebhookSource> {
    protected OptionalIngestDependent(Class<R> resourceType) {
        super(resourceType);
    }

    @Override
    protected ResourceID targetSecondaryResourceID(WebhookSource source, Context<WebhookSource> context) {
        return new ResourceID(ResourceNames.ingest(source), source.getMetadata().getNamespace());
    }
}
