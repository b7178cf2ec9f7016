package io.hookwarden.operator.secrets;

import io.hookwarden.api.v1alpha1.IngestTls;
import io.hookwarden.api.v1alpha1.SecretKeyRef;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.operator.OperatorConfig;
import io.hookwarden.operator.admin.AdminToken;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The Secret keys a source's pods mount or read that the user provides: its verification secrets, the
 * ingest TLS certificate, key and client CA, a referenced admin token and the database Secret (not the admin token Secret the operator creates).
 */
@ApplicationScoped
public class SecretReferences {
    private final OperatorConfig config;

    public SecretReferences(OperatorConfig config) {
        this.config = config;
    }

    /** In the order the status names them: the first missing one is the one reported. */
    public List<Reference> of(WebhookSource source) {
        List<Reference> references = new ArrayList<>();
        List<SecretKeyRef> verification = source.getSpec().getVerification().allSecretRefs();
        for (int i = 0; i < verification.size(); i++) {
            String usedBy = i == 0 ? "spec.verification.secretRef" : "spec.verification.additionalSecretRefs[" + (i - 1) + "]";
            references.add(new Reference(verification.get(i).getName(), verification.get(i).getKey(), usedBy));
        }
        IngestTls tls = source.getSpec().getIngest().getTls();
        if (tls != null) {
            references.add(new Reference(tls.getSecretName(), IngestTls.CERTIFICATE_KEY, "spec.ingest.tls.secretName"));
            references.add(new Reference(tls.getSecretName(), IngestTls.PRIVATE_KEY_KEY, "spec.ingest.tls.secretName"));
            tls.clientCaRef().ifPresent(ca -> references.add(
                    new Reference(ca.getName(), ca.getKey(), "spec.ingest.tls.clientCertificate.caSecretRef")));
        }
        if (!AdminToken.generated(source)) {
            SecretKeyRef admin = AdminToken.of(source);
            references.add(new Reference(admin.getName(), admin.getKey(), "spec.worker.adminTokenSecretRef"));
        }
        for (String key : List.of(SecretResolver.JDBC_URL_KEY, SecretResolver.USERNAME_KEY, SecretResolver.PASSWORD_KEY)) {
            references.add(new Reference(config.databaseSecret(), key, "operator setting hookwarden.operator.database-secret"));
        }
        return references;
    }

    /** The referenced Secrets, which live in the source's namespace. */
    public Set<ResourceID> secretsOf(WebhookSource source) {
        Set<ResourceID> secrets = new LinkedHashSet<>();
        for (Reference reference : of(source)) {
            secrets.add(new ResourceID(reference.secret(), source.getMetadata().getNamespace()));
        }
        return secrets;
    }

    public record Reference(String secret, String key, String usedBy) {
    }
}
