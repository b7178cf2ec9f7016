package io.hookwarden.operator.runtime;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.hookwarden.api.runtime.RuntimeEndpoints;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.operator.Labels;
import io.hookwarden.operator.ResourceNames;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * Ingress to a source's pods: the webhook port from anywhere, the management port (health, metrics)
 * from pods of any namespace (Prometheus) but not from outside the cluster, the admin port only from
 * pods of the same namespace, nothing else. The kubelet's probes are not subject to it.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED))
public class RuntimeNetworkPolicyDependent extends CRUDKubernetesDependentResource<NetworkPolicy, WebhookSource> {
    public RuntimeNetworkPolicyDependent() {
        super(NetworkPolicy.class);
    }

    @Override
    protected NetworkPolicy desired(WebhookSource source, Context<WebhookSource> context) {
        return new NetworkPolicyBuilder()
                .withMetadata(Labels.metadata(source, ResourceNames.runtime(source), Labels.Component.RUNTIME))
                .withNewSpec()
                .withNewPodSelector().withMatchLabels(Labels.podsOf(source)).endPodSelector()
                .withPolicyTypes("Ingress")
                .withIngress(
                        new NetworkPolicyIngressRuleBuilder()
                                .withPorts(tcp(RuntimeEndpoints.HTTP_PORT))
                                .build(),
                        new NetworkPolicyIngressRuleBuilder()
                                .withFrom(new NetworkPolicyPeerBuilder().withNewNamespaceSelector().endNamespaceSelector().build())
                                .withPorts(tcp(RuntimeEndpoints.MANAGEMENT_PORT))
                                .build(),
                        new NetworkPolicyIngressRuleBuilder()
                                .withFrom(new NetworkPolicyPeerBuilder().withNewPodSelector().endPodSelector().build())
                                .withPorts(tcp(RuntimeEndpoints.ADMIN_PORT))
                                .build())
                .endSpec()
                .build();
    }

    private static io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort tcp(int port) {
        return new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString(port)).build();
    }
}
