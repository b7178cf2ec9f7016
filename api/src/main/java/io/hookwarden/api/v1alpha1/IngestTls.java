package io.hookwarden.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * TLS served by the ingest pods themselves on the webhook port, from a kubernetes.io/tls Secret,
 * optionally requiring a client certificate (mTLS) for high-trust producers.
 */
public class IngestTls {
    /** The keys of a kubernetes.io/tls Secret. */
    public static final String CERTIFICATE_KEY = "tls.crt";
    public static final String PRIVATE_KEY_KEY = "tls.key";

    @Required
    @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
    @JsonPropertyDescription("Secret (kubernetes.io/tls: tls.crt, tls.key, PEM) in the source's namespace the webhook port "
            + "serves HTTPS with; a rotated Secret is picked up without a restart.")
    private String secretName;

    @JsonPropertyDescription("Require a client certificate (mTLS) signed by one of these CAs. Unset: any client may connect.")
    private ClientCertificate clientCertificate;

    public String getSecretName() {
        return secretName;
    }

    public void setSecretName(String secretName) {
        this.secretName = secretName;
    }

    public ClientCertificate getClientCertificate() {
        return clientCertificate;
    }

    public void setClientCertificate(ClientCertificate clientCertificate) {
        this.clientCertificate = clientCertificate;
    }

    @JsonIgnore
    public SecretKeyRef certificateRef() {
        return new SecretKeyRef(secretName, CERTIFICATE_KEY);
    }

    @JsonIgnore
    public SecretKeyRef privateKeyRef() {
        return new SecretKeyRef(secretName, PRIVATE_KEY_KEY);
    }

    /** Client certificates' CA bundle while mTLS is on. */
    @JsonIgnore
    public Optional<SecretKeyRef> clientCaRef() {
        return Optional.ofNullable(clientCertificate).map(ClientCertificate::getCaSecretRef);
    }

    /** Every Secret key the ingest pods mount for TLS. */
    @JsonIgnore
    public List<SecretKeyRef> secretRefs() {
        List<SecretKeyRef> refs = new ArrayList<>(List.of(certificateRef(), privateKeyRef()));
        clientCaRef().ifPresent(refs::add);
        return refs;
    }

    /** The client certificate requirement of mTLS. */
    public static class ClientCertificate {
        @Required
        @JsonPropertyDescription("Secret key holding the CA bundle (PEM) client certificates must chain to.")
        private SecretKeyRef caSecretRef;

        public SecretKeyRef getCaSecretRef() {
            return caSecretRef;
        }

        public void setCaSecretRef(SecretKeyRef caSecretRef) {
            this.caSecretRef = caSecretRef;
        }
    }
}
