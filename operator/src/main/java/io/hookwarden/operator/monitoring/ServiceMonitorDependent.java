package io.hookwarden.operator.monitoring;

import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitorBuilder;
import io.hookwarden.api.runtime.RuntimeEndpoints;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.operator.Labels;
import io.hookwarden.operator.ResourceNames;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** Scrapes the ingest pods through their Service. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED))
public class ServiceMonitorDependent extends CRUDKubernetesDependentResource<ServiceMonitor, WebhookSource> {
    public ServiceMonitorDependent() {
        super(ServiceMonitor.class);
    }

    @Override
    protected ServiceMonitor desired(WebhookSource source, Context<WebhookSource> context) {
        return new ServiceMonitorBuilder()
                .withMetadata(Labels.metadata(source, ResourceNames.ingest(source), Labels.Component.INGEST))
                .withNewSpec()
                .withNewSelector().withMatchLabels(Labels.selector(source, Labels.Component.INGEST)).endSelector()
                .addNewEndpoint()
                .withPort(ResourceNames.MANAGEMENT_PORT_NAME)
                .withPath(RuntimeEndpoints.METRICS_PATH)
                .withInterval(AlertRules.SCRAPE_INTERVAL)
                .endEndpoint()
                .endSpec()
                .build();
    }
}
