package io.hookwarden.operator.ingest;

import io.fabric8.kubernetes.api.model.Service;
import io.hookwarden.api.runtime.RuntimeEndpoints;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.operator.Labels;
import io.hookwarden.operator.ResourceNames;
import io.hookwarden.operator.runtime.RuntimeServices;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * The ingest pods' webhook port, the one an Ingress or Gateway route targets, and their management
 * port, which only the ServiceMonitor scrapes; the admin port is not exposed.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_INGEST))
public class IngestServiceDependent extends CRUDKubernetesDependentResource<Service, WebhookSource> {
    public IngestServiceDependent() {
        super(Service.class);
    }

    @Override
    protected Service desired(WebhookSource source, Context<WebhookSource> context) {
        return RuntimeServices.clusterIp(source, ResourceNames.ingest(source), Labels.Component.INGEST,
                RuntimeServices.port(ResourceNames.CONTAINER_PORT_NAME, RuntimeEndpoints.HTTP_PORT),
                RuntimeServices.port(ResourceNames.MANAGEMENT_PORT_NAME, RuntimeEndpoints.MANAGEMENT_PORT));
    }
}
