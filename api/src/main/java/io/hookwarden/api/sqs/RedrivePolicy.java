package io.hookwarden.api.sqs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * The main queue's {@code RedrivePolicy}: after {@code maxReceiveCount} receives SQS moves a message to
 * the dead-letter queue. SQS takes and returns it as JSON with the count as a string.
 */
public record RedrivePolicy(String deadLetterTargetArn, int maxReceiveCount) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TARGET_ARN = "deadLetterTargetArn";
    private static final String MAX_RECEIVE_COUNT = "maxReceiveCount";

    public String toJson() {
        return JSON.createObjectNode()
                .put(TARGET_ARN, deadLetterTargetArn)
                .put(MAX_RECEIVE_COUNT, Integer.toString(maxReceiveCount))
                .toString();
    }

    /** Empty for a queue without a policy or with one that is not JSON. */
    public static Optional<RedrivePolicy> parse(String json) {
        if (json == null || json.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode policy = JSON.readTree(json);
            return Optional.of(new RedrivePolicy(policy.path(TARGET_ARN).asText(""), policy.path(MAX_RECEIVE_COUNT).asInt()));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** The last part of the ARN: what a spec names, the account being unknown to it. */
    public String deadLetterQueueName() {
        return deadLetterTargetArn.substring(deadLetterTargetArn.lastIndexOf(':') + 1);
    }
}
