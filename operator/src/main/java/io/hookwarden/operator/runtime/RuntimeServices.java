package io.hookwarden.operator.runtime;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.operator.Labels;

/** ClusterIP Services in front of one component's pods, each port targeting the container port of its name. */
public final class RuntimeServices {
    private RuntimeServices() {
    }

    public static Service clusterIp(WebhookSource source, String name, String component, ServicePort... ports) {
        return new ServiceBuilder()
                .withMetadata(Labels.metadata(source, name, component))
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(Labels.selector(source, component))
                .withPorts(ports)
                .endSpec()
                .build();
    }

    public static ServicePort port(String name, int port) {
        return new ServicePortBuilder()
                .withName(name)
                .withProtocol("TCP")
                .withPort(port)
                .withTargetPort(new IntOrString(name))
                .build();
    }
}
