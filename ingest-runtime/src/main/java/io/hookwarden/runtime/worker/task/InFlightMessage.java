package io.hookwarden.runtime.worker.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookwarden.api.sqs.MessageAttributes;
import io.hookwarden.runtime.sqs.EventAttributes;
import io.hookwarden.runtime.store.DeliveryRow;
import io.hookwarden.runtime.worker.PoisonMessageException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** A received message from the moment it arrives until it is deleted, released or moved to the DLQ. */
public final class InFlightMessage {
    private static final ObjectMapper JSON = new ObjectMapper();

    public final Message message;
    /** Null when the message carries no valid event id (not one of ours: poison). */
    public final UUID eventId;
    /** SQS's ApproximateReceiveCount: this is the n-th time the message is handed out. */
    public final int receiveCount;
    public final String groupId;
    volatile long visibleSinceNanos;
    private final AtomicBoolean finished = new AtomicBoolean();

    // Set once PostgreSQL has been read, before the first delivery attempt.
    public DeliveryRow row;
    public byte[] body;
    BigDecimal version;
    int throttles;
    /** Waiting out a pause its sink asked for. */
    volatile boolean held;
    private JsonNode json;

    public InFlightMessage(Message message, long receivedNanos) {
        this.message = message;
        this.eventId = EventAttributes.eventId(message);
        String count = message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        this.receiveCount = count != null ? Integer.parseInt(count) : 1;
        this.groupId = message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
        this.visibleSinceNanos = receivedNanos;
    }

    public String attribute(String name) {
        return EventAttributes.read(message, name);
    }

    public boolean payloadInline() {
        return EventAttributes.payloadInline(message);
    }

    public String contentType() {
        return attribute(MessageAttributes.CONTENT_TYPE);
    }

    public String traceparent() {
        return attribute(MessageAttributes.TRACEPARENT);
    }

    /** Takes the body from the message or the stored row; false when neither has it. */
    boolean attachBody(DeliveryRow row) {
        this.row = row;
        this.body = payloadInline() ? message.body().getBytes(StandardCharsets.UTF_8) : row.storedBody();
        return body != null;
    }

    public boolean hasJsonBody() {
        String type = contentType();
        if (type == null) {
            return false;
        }
        type = type.toLowerCase(Locale.ROOT);
        return type.startsWith("application/json") || type.contains("+json");
    }

    /** The body parsed as JSON, once. */
    public JsonNode json() throws PoisonMessageException {
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

    public boolean held() {
        return held;
    }

    /** True only for the first caller: a message is finished (its permit returned) exactly once. */
    boolean finish() {
        return finished.compareAndSet(false, true);
    }

    public boolean isFinished() {
        return finished.get();
    }
}
