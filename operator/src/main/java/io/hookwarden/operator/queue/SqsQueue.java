package io.hookwarden.operator.queue;

import java.util.Map;

/**
 * One SQS queue as the operator wants it or as it was read back: only the attributes and tags
 * the operator manages, so that anything else SQS reports does not count as drift.
 *
 * @param url null in the desired state, where SQS has not been asked yet
 */
public record SqsQueue(String name, String url, Map<String, String> attributes, Map<String, String> tags) {
    SqsQueue withoutUrl() {
        return new SqsQueue(name, null, attributes, tags);
    }
}
