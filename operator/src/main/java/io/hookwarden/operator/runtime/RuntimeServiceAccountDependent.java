package io.hookwarden.operator.runtime;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.operator.Labels;
import io.hookwarden.operator.OperatorConfig;
import io.hookwarden.operator.ResourceNames;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import jakarta.inject.Inject;

/**
 * The identity of a source's pods: SQS credentials come from the default chain, so on EKS the
 * configured annotations (IRSA role) are all it takes. The pods never call the Kubernetes API.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED))
public class RuntimeServiceAccountDependent extends CRUDKubernetesDependentResource<ServiceAccount, WebhookSource> {
    @Inject
    OperatorConfig config;

    public RuntimeServiceAccountDependent() {
        super(ServiceAccount.class);
    }

    @Override
    protected ServiceAccount desired(WebhookSource source, Context<WebhookSource> context) {
        return new ServiceAccountBuilder()
                .withMetadata(Labels.metadata(source, ResourceNames.runtime(source), Labels.Component.RUNTIME))
                .editMetadata().withAnnotations(config.runtime().serviceAccountAnnotations()).endMetadata()
                .withAutomountServiceAccountToken(false)
                .build();
    }
}
