package io.hookwarden.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/** How producers outside the cluster reach the source: an Ingress for its webhook path, nothing else. */
public class Expose {
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
    @JsonPropertyDescription("Public host name producers send to, e.g. hooks.example.com.")
    private String host;

    @JsonPropertyDescription("IngressClass of the Ingress. Unset: the cluster's default class.")
    private String ingressClassName;

    @JsonPropertyDescription("Secret (kubernetes.io/tls) the Ingress terminates TLS with; the endpoint is then https. "
            + "Unset: the Ingress serves plain HTTP unless its controller adds TLS.")
    private String tlsSecretName;

    @JsonPropertyDescription("Annotations of the Ingress, e.g. cert-manager.io/cluster-issuer or the controller's own.")
    private Map<String, String> annotations;

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public String getIngressClassName() {
        return ingressClassName;
    }

    public void setIngressClassName(String ingressClassName) {
        this.ingressClassName = ingressClassName;
    }

    public String getTlsSecretName() {
        return tlsSecretName;
    }

    public void setTlsSecretName(String tlsSecretName) {
        this.tlsSecretName = tlsSecretName;
    }

    public Map<String, String> getAnnotations() {
        return annotations;
    }

    public void setAnnotations(Map<String, String> annotations) {
        this.annotations = annotations;
    }
}
