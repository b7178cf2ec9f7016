package io.hookwarden.api.v1alpha1;

/**
 * A WebhookSource's identity: {@code namespace/name}. Names repeat across namespaces, so this, not the
 * bare name, is what PostgreSQL keys events, idempotency keys and entity versions by, what queue tags
 * carry and what a queue name's hash is taken of.
 */
public final class SourceId {
    private SourceId() {
    }

    public static String of(String namespace, String name) {
        return namespace + "/" + name;
    }
}
