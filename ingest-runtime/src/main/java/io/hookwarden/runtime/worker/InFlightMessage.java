package io.hookwarden.runtime.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookwarden.runtime.outbox.OutboxRelay;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** A received message from the moment it arrives until it is deleted, released or moved to the DLQ. */
final class InFlightMessage {
    private static final ObjectMapper JSON = new ObjectMapper();

    final Message message;
    /** Null when the message carries no valid event id (not one of ours: poison). */
    final UUID eventId;
    /** SQS's ApproximateReceiveCount: this is the n-th time the message is handed out. */
    final int receiveCount;
    final String groupId;
    volatile long visibleSinceNanos;
    private final AtomicBoolean finished = new AtomicBoolean();

    // Set once PostgreSQL has been read, before the first delivery attempt.
    EventRows.EventRow row;
    byte[] body;
    BigDecimal version;
    int throttles;
    /** Waiting out a pause its sink asked for. */
    volatile boolean held;
    private JsonNode json;

    InFlightMessage(Message message, long receivedNanos) {
        this.message = message;
        this.eventId = parseId(attribute(OutboxRelay.ATTR_EVENT_ID));
        String count = message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        this.receiveCount = count != null ? Integer.parseInt(count) : 1;
        this.groupId = message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
        this.visibleSinceNanos = receivedNanos;
    }

    String attribute(String name) {
        MessageAttributeValue value = message.messageAttributes().get(name);
        return value != null ? value.stringValue() : null;
    }

    boolean payloadInline() {
        return "inline".equals(attribute(OutboxRelay.ATTR_PAYLOAD));
    }

    String contentType() {
        return attribute(OutboxRelay.ATTR_CONTENT_TYPE);
    }

    String traceparent() {
        return attribute(OutboxRelay.ATTR_TRACEPARENT);
    }

    /** Takes the body from the message or the stored row; false when neither has it. */
    boolean attachBody(EventRows.EventRow row) {
        this.row = row;
        this.body = payloadInline() ? message.body().getBytes(StandardCharsets.UTF_8) : row.storedBody();
        return body != null;
    }

    boolean hasJsonBody() {
        String type = contentType();
        if (type == null) {
            return false;
        }
        type = type.toLowerCase(Locale.ROOT);
        return type.startsWith("application/json") || type.contains("+json");
    }

    /** The body parsed as JSON, once. */
    JsonNode json() throws PoisonMessageException {
        if (json == null) {
            try {
                json = JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new PoisonMessageException("body is not valid JSON: " + e.getOriginalMessage());
            } catch (IOException e) {
                throw new PoisonMessageException("body is not readable as JSON: " + e.getMessage());
            }
            if (json == null) {
                throw new PoisonMessageException("body is empty, not JSON");
            }
        }
        return json;
    }

    /** True only for the first caller: a message is finished (its permit returned) exactly once. */
    boolean finish() {
        return finished.compareAndSet(false, true);
    }

    boolean isFinished() {
        return finished.get();
    }

    private static UUID parseId(String text) {
        if (text == null) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
