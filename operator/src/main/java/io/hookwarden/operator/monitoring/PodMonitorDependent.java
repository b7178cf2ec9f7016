package io.hookwarden.operator.monitoring;

import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitorBuilder;
import io.hookwarden.api.runtime.RuntimeEndpoints;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.operator.Labels;
import io.hookwarden.operator.ResourceNames;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** Scrapes the worker pods, which have no Service; delivery and dead-letter metrics come from them. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED))
public class PodMonitorDependent extends CRUDKubernetesDependentResource<PodMonitor, WebhookSource> {
    public PodMonitorDependent() {
        super(PodMonitor.class);
    }

    @Override
    protected PodMonitor desired(WebhookSource source, Context<WebhookSource> context) {
        return new PodMonitorBuilder()
                .withMetadata(Labels.metadata(source, ResourceNames.worker(source), Labels.Component.WORKER))
                .withNewSpec()
                .withNewSelector().withMatchLabels(Labels.selector(source, Labels.Component.WORKER)).endSelector()
                .addNewPodMetricsEndpoint()
                .withPort(ResourceNames.MANAGEMENT_PORT_NAME)
                .withPath(RuntimeEndpoints.METRICS_PATH)
                .withInterval(AlertRules.SCRAPE_INTERVAL)
                .endPodMetricsEndpoint()
                .endSpec()
                .build();
    }
}
