package io.hookwarden.operator.ingest;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder;
import io.hookwarden.api.v1alpha1.Expose;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.operator.Labels;
import io.hookwarden.operator.ResourceNames;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.List;

/**
 * Routes {@code spec.ingest.expose.host} to the source's webhook path, exactly, on the Service's
 * webhook port: neither the management port (health, metrics) nor another source's path, nor the
 * shared {@code /webhooks/ingest} route, is reachable through it. Exists only while expose is set.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_INGEST))
public class IngestIngressDependent extends OptionalIngestDependent<Ingress> {
    public IngestIngressDependent() {
        super(Ingress.class);
    }

    @Override
    protected Ingress desired(WebhookSource source, Context<WebhookSource> context) {
        Expose expose = source.getSpec().getIngest().getExpose();
        IngressBuilder ingress = new IngressBuilder()
                .withMetadata(Labels.metadata(source, ResourceNames.ingest(source), Labels.Component.INGEST))
                .editMetadata().withAnnotations(expose.getAnnotations()).endMetadata()
                .withNewSpec()
                .withIngressClassName(expose.getIngressClassName())
                .addNewRule()
                .withHost(expose.getHost())
                .withNewHttp()
                .withPaths(new HTTPIngressPathBuilder()
                        .withPath(ResourceNames.webhookPath(source))
                        .withPathType("Exact")
                        .withNewBackend()
                        .withNewService()
                        .withName(ResourceNames.ingest(source))
                        .withNewPort().withName(ResourceNames.CONTAINER_PORT_NAME).endPort()
                        .endService()
                        .endBackend()
                        .build())
                .endHttp()
                .endRule()
                .endSpec();
        if (expose.getTlsSecretName() != null) {
            ingress.editSpec()
                    .withTls(List.of(new IngressTLSBuilder().withHosts(expose.getHost()).withSecretName(expose.getTlsSecretName()).build()))
                    .endSpec();
        }
        return ingress.build();
    }
}
