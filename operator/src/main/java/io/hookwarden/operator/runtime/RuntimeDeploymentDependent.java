package io.hookwarden.operator.runtime;

import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.operator.Labels;
import io.hookwarden.operator.OperatorConfig;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import jakarta.inject.Inject;

/** A Deployment of runtime pods; the ingest and the worker Deployments differ only in what is abstract here. */
public abstract class RuntimeDeploymentDependent extends HeldKubernetesDependent<Deployment> {
    @Inject
    OperatorConfig config;

    protected RuntimeDeploymentDependent() {
        super(Deployment.class);
    }

    protected abstract String name(WebhookSource source);

    protected abstract String component();

    /** The runtime's command line verb. */
    protected abstract String command();

    protected abstract Integer replicas(WebhookSource source, Context<WebhookSource> context);

    protected abstract ResourceRequirements resources(WebhookSource source);

    @Override
    protected Deployment desired(WebhookSource source, Context<WebhookSource> context) {
        String configHash = RuntimeConfig.hash(RuntimeConfig.configMap(source, context.getClient().getKubernetesSerialization()));
        return new DeploymentBuilder()
                .withMetadata(Labels.metadata(source, name(source), component()))
                .withNewSpec()
                .withReplicas(replicas(source, context))
                .withRevisionHistoryLimit(3)
                .withNewSelector().withMatchLabels(Labels.selector(source, component())).endSelector()
                // A new pod is ready before an old one goes: no capacity is lost during a rollout.
                .withNewStrategy()
                .withType("RollingUpdate")
                .withNewRollingUpdate().withNewMaxUnavailable(0).withNewMaxSurge(1).endRollingUpdate()
                .endStrategy()
                .withTemplate(RuntimePodTemplate.build(source, component(), command(), resources(source), configHash, config))
                .endSpec()
                .build();
    }
}
