package io.hookwarden.operator.secrets;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hookwarden.api.v1alpha1.SecretKeyRef;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.operator.OperatorConfig;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that the Secret keys the runtime pods mount or read exist: the verification secrets and
 * the database Secret. Secrets are read with a plain GET, not watched: the operator needs no list
 * or watch permission on Secrets and caches none; an unresolved source is rechecked on a timer.
 */
@ApplicationScoped
public class SecretResolver {
    /** Database connection keys the runtime reads through secretKeyRef. */
    public static final String JDBC_URL_KEY = "jdbc-url";
    public static final String USERNAME_KEY = "username";
    public static final String PASSWORD_KEY = "password";

    private static final String CONTEXT_KEY = SecretResolution.class.getName();

    private final OperatorConfig config;

    public SecretResolver(OperatorConfig config) {
        this.config = config;
    }

    /** Resolved once per reconciliation, however many dependents ask. */
    public SecretResolution resolve(WebhookSource source, Context<WebhookSource> context) {
        var shared = context.managedWorkflowAndDependentResourceContext();
        return shared.get(CONTEXT_KEY, SecretResolution.class).orElseGet(() -> {
            SecretResolution resolution = check(source, context.getClient());
            shared.put(CONTEXT_KEY, resolution);
            return resolution;
        });
    }

    private SecretResolution check(WebhookSource source, KubernetesClient client) {
        String namespace = source.getMetadata().getNamespace();
        List<Reference> references = references(source);
        Map<String, Secret> secrets = new HashMap<>();
        for (Reference reference : references) {
            Secret secret = secrets.computeIfAbsent(reference.secret(),
                    name -> client.secrets().inNamespace(namespace).withName(name).get());
            if (secret == null) {
                return SecretResolution.secretNotFound(namespace, reference.secret(), reference.usedBy());
            }
            if (!hasKey(secret.getData(), reference.key()) && !hasKey(secret.getStringData(), reference.key())) {
                return SecretResolution.keyNotFound(namespace, reference.secret(), reference.key(), reference.usedBy());
            }
        }
        return SecretResolution.found(references.size());
    }

    private List<Reference> references(WebhookSource source) {
        List<Reference> references = new ArrayList<>();
        List<SecretKeyRef> verification = source.getSpec().getVerification().allSecretRefs();
        for (int i = 0; i < verification.size(); i++) {
            String usedBy = i == 0 ? "spec.verification.secretRef" : "spec.verification.additionalSecretRefs[" + (i - 1) + "]";
            references.add(new Reference(verification.get(i).getName(), verification.get(i).getKey(), usedBy));
        }
        for (String key : List.of(JDBC_URL_KEY, USERNAME_KEY, PASSWORD_KEY)) {
            references.add(new Reference(config.databaseSecret(), key, "operator setting hookwarden.operator.database-secret"));
        }
        return references;
    }

    private static boolean hasKey(Map<String, String> data, String key) {
        return data != null && data.containsKey(key);
    }

    private record Reference(String secret, String key, String usedBy) {
    }
}
