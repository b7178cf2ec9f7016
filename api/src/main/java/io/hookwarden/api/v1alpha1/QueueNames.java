package io.hookwarden.api.v1alpha1;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names of the SQS queues of a WebhookSource: the one place both the operator (which creates them)
 * and the runtime (which sends to and consumes them) take them from.
 *
 * <p>Distinct sources get distinct queues. The readable form {@code hookwarden-<namespace>-<name>}
 * is kept only where it can be read back: the namespace has no {@code -} (so the first {@code -}
 * after the prefix ends it) and the name has no {@code .} (the one character of Kubernetes names SQS
 * does not allow), and it fits. Any other source gets a readable prefix and {@code _} with a hash
 * of {@link SourceId namespace/name}; Kubernetes names have no {@code _}, so a hashed name never
 * equals a readable one.
 */
public final class QueueNames {
    /** SQS queue names: at most 80 characters of [A-Za-z0-9_-], ".fifo" included. */
    private static final int MAX_LENGTH = 80;
    private static final String PREFIX = "hookwarden-";
    /** 60 bits of SHA-256: a collision among sources of one account is not a practical concern. */
    private static final int HASH_CHARS = 15;

    private QueueNames() {
    }

    public static String mainQueue(String namespace, String name, QueueType type) {
        return build(namespace, name, "", type);
    }

    public static String deadLetterQueue(String namespace, String name, QueueType type) {
        return build(namespace, name, "-dlq", type);
    }

    private static String build(String namespace, String name, String suffix, QueueType type) {
        String fifo = type == QueueType.FIFO ? ".fifo" : "";
        int room = MAX_LENGTH - suffix.length() - fifo.length();
        String readable = PREFIX + namespace + "-" + name;
        if (readable.length() <= room && readable.matches("[a-z0-9-]+") && !namespace.contains("-")
                && !namespace.isEmpty() && !name.isEmpty()) {
            return readable + suffix + fifo;
        }
        String hash = "_" + hash(SourceId.of(namespace, name));
        String prefix = readable.replaceAll("[^A-Za-z0-9-]", "-");
        return prefix.substring(0, Math.min(prefix.length(), room - hash.length())) + hash + suffix + fifo;
    }

    private static String hash(String sourceId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sourceId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
