package io.hookwarden.operator.worker;

import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.hookwarden.api.runtime.RuntimeCommand;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.operator.Labels;
import io.hookwarden.operator.ResourceNames;
import io.hookwarden.operator.runtime.RuntimeDeploymentDependent;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The pods that consume the source's queue and deliver to its sink; no Service, scaled apart from ingest. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_WORKER))
public class WorkerDeploymentDependent extends RuntimeDeploymentDependent {
    @Override
    protected String name(WebhookSource source) {
        return ResourceNames.worker(source);
    }

    @Override
    protected String component() {
        return Labels.Component.WORKER;
    }

    @Override
    protected String command() {
        return RuntimeCommand.WORKER.wire();
    }

    @Override
    protected Integer replicas(WebhookSource source, Context<WebhookSource> context) {
        return source.getSpec().getWorker().effectiveReplicas();
    }

    @Override
    protected ResourceRequirements resources(WebhookSource source) {
        return source.getSpec().getWorker().getResources();
    }
}
