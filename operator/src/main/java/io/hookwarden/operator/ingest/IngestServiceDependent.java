package io.hookwarden.operator.ingest;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.hookwarden.api.runtime.RuntimeEndpoints;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.operator.Labels;
import io.hookwarden.operator.ResourceNames;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The ingest pods' HTTP port, the target of an Ingress or Gateway route; the admin port is not exposed. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_INGEST))
public class IngestServiceDependent extends CRUDKubernetesDependentResource<Service, WebhookSource> {
    public IngestServiceDependent() {
        super(Service.class);
    }

    @Override
    protected Service desired(WebhookSource source, Context<WebhookSource> context) {
        return new ServiceBuilder()
                .withMetadata(Labels.metadata(source, ResourceNames.ingest(source), Labels.Component.INGEST))
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(Labels.selector(source, Labels.Component.INGEST))
                .addNewPort()
                .withName(ResourceNames.CONTAINER_PORT_NAME)
                .withProtocol("TCP")
                .withPort(RuntimeEndpoints.HTTP_PORT)
                .withTargetPort(new IntOrString(ResourceNames.CONTAINER_PORT_NAME))
                .endPort()
                .endSpec()
                .build();
    }
}
