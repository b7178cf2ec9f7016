package io.hookwarden.operator.ingest;

import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.hookwarden.api.runtime.RuntimeCommand;
import io.hookwarden.api.v1alpha1.Autoscaling;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.operator.Labels;
import io.hookwarden.operator.ResourceNames;
import io.hookwarden.operator.runtime.RuntimeDeploymentDependent;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/** The pods answering {@code POST /webhooks/<name>}. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_INGEST))
public class IngestDeploymentDependent extends RuntimeDeploymentDependent {
    @Override
    protected String name(WebhookSource source) {
        return ResourceNames.ingest(source);
    }

    @Override
    protected String component() {
        return Labels.Component.INGEST;
    }

    @Override
    protected String command() {
        return RuntimeCommand.SERVE.wire();
    }

    /** Under an autoscaler the replicas are its to set: keep what it chose. */
    @Override
    protected Integer replicas(WebhookSource source, Context<WebhookSource> context) {
        Autoscaling autoscaling = source.getSpec().getIngest().getAutoscaling();
        if (autoscaling == null) {
            return source.getSpec().getIngest().effectiveReplicas();
        }
        return eventSource()
                .flatMap(deployments -> deployments.get(new ResourceID(name(source), source.getMetadata().getNamespace())))
                .map(current -> current.getSpec().getReplicas())
                .orElse(autoscaling.effectiveMinReplicas());
    }

    @Override
    protected ResourceRequirements resources(WebhookSource source) {
        return source.getSpec().getIngest().getResources();
    }
}
