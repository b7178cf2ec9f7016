package io.hookwarden.operator.ingest;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.operator.Labels;
import io.hookwarden.operator.ResourceNames;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * Node drains evict one ingest pod at a time. maxUnavailable rather than minAvailable, so that a
 * single-replica source does not block a drain forever.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_INGEST))
public class IngestDisruptionBudgetDependent extends CRUDKubernetesDependentResource<PodDisruptionBudget, WebhookSource> {
    public IngestDisruptionBudgetDependent() {
        super(PodDisruptionBudget.class);
    }

    @Override
    protected PodDisruptionBudget desired(WebhookSource source, Context<WebhookSource> context) {
        return new PodDisruptionBudgetBuilder()
                .withMetadata(Labels.metadata(source, ResourceNames.ingest(source), Labels.Component.INGEST))
                .withNewSpec()
                .withMaxUnavailable(new IntOrString(1))
                .withNewSelector().withMatchLabels(Labels.selector(source, Labels.Component.INGEST)).endSelector()
                .endSpec()
                .build();
    }
}
