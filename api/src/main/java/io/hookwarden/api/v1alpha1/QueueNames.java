package io.hookwarden.api.v1alpha1;

/**
 * Names of the SQS queues of a WebhookSource: the one place both the operator (which creates them)
 * and the runtime (which sends to and consumes them) take them from.
 */
public final class QueueNames {
    /** SQS queue names: at most 80 characters of [A-Za-z0-9_-], ".fifo" included. */
    private static final int MAX_LENGTH = 80;

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
        String base = ("hookwarden-" + namespace + "-" + name).replaceAll("[^A-Za-z0-9_-]", "-");
        int room = MAX_LENGTH - suffix.length() - fifo.length();
        if (base.length() > room) {
            String hash = Integer.toHexString((namespace + "/" + name).hashCode());
            base = base.substring(0, room - hash.length() - 1) + "-" + hash;
        }
        return base + suffix + fifo;
    }
}
