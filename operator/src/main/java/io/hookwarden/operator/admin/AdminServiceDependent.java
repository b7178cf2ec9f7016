package io.hookwarden.operator.admin;

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
 * The worker pods' admin API (requeue, replay) for {@code kubectl port-forward} and pods of the
 * namespace: the NetworkPolicy admits the admin port from this namespace only, and nothing routes it out.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_WORKER))
public class AdminServiceDependent extends CRUDKubernetesDependentResource<Service, WebhookSource> {
    public AdminServiceDependent() {
        super(Service.class);
    }

    @Override
    protected Service desired(WebhookSource source, Context<WebhookSource> context) {
        return RuntimeServices.clusterIp(source, ResourceNames.admin(source), Labels.Component.WORKER,
                RuntimeServices.port(ResourceNames.ADMIN_PORT_NAME, RuntimeEndpoints.ADMIN_PORT));
    }
}
