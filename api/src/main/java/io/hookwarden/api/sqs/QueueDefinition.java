package io.hookwarden.api.sqs;

import java.util.Map;

/**
 * One SQS queue as Hookwarden creates it.
 *
 * @param attributes SQS attribute names ({@link QueueAttributes}) to their values
 * @param tags {@link QueueTags}
 */
public record QueueDefinition(String name, Map<String, String> attributes, Map<String, String> tags) {
    public QueueDefinition {
        attributes = Map.copyOf(attributes);
        tags = Map.copyOf(tags);
    }
}
