package io.hookwarden.operator.secrets;

import io.fabric8.kubernetes.api.model.Secret;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.operator.secrets.SecretReferences.Reference;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks that the Secret keys the runtime pods mount or read exist, against the {@link SecretWatch}
 * cache: no API call per reconciliation, and a Secret event reconciles the sources that name it.
 */
@ApplicationScoped
public class SecretResolver {
    /** Database connection keys the runtime reads through secretKeyRef. */
    public static final String JDBC_URL_KEY = "jdbc-url";
    public static final String USERNAME_KEY = "username";
    public static final String PASSWORD_KEY = "password";

    private static final String CONTEXT_KEY = SecretResolution.class.getName();

    private final SecretReferences references;

    public SecretResolver(SecretReferences references) {
        this.references = references;
    }

    /** Resolved once per reconciliation, however many dependents ask. */
    public SecretResolution resolve(WebhookSource source, Context<WebhookSource> context) {
        var shared = context.managedWorkflowAndDependentResourceContext();
        return shared.get(CONTEXT_KEY, SecretResolution.class).orElseGet(() -> {
            SecretResolution resolution = check(source, context);
            shared.put(CONTEXT_KEY, resolution);
            return resolution;
        });
    }

    private SecretResolution check(WebhookSource source, Context<WebhookSource> context) {
        String namespace = source.getMetadata().getNamespace();
        // By name: the admin token Secret the operator creates has an informer of its own.
        Map<String, Secret> secrets = context.eventSourceRetriever()
                .getEventSourceFor(Secret.class, SecretWatch.EVENT_SOURCE).getSecondaryResources(source).stream()
                .collect(Collectors.toMap(secret -> secret.getMetadata().getName(), Function.identity()));
        List<Reference> needed = references.of(source);
        for (Reference reference : needed) {
            Secret secret = secrets.get(reference.secret());
            if (secret == null) {
                return SecretResolution.secretNotFound(namespace, reference.secret(), reference.usedBy());
            }
            if (secret.getData() == null || !secret.getData().containsKey(reference.key())) {
                return SecretResolution.keyNotFound(namespace, reference.secret(), reference.key(), reference.usedBy());
            }
        }
        return SecretResolution.found(needed.size());
    }
}
