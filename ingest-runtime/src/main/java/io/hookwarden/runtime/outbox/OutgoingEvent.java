package io.hookwarden.runtime.outbox;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * An event on its way onto its source's queue, and the one place its SQS message is shaped: the
 * outbox relay sends it first, replays and requeues send it again.
 *
 * @param inlineBody the body as message text, or null when workers read it from PostgreSQL
 */
public record OutgoingEvent(UUID id, String source, String eventType, String traceparent, String contentType,
        String orderingKey, String inlineBody) {

    /**
     * @param deduplicationId FIFO only: SQS drops a second message with the same id within five
     *        minutes, so a re-send of an event needs one of its own
     */
    public SendMessageBatchRequestEntry toEntry(String entryId, boolean fifo, String deduplicationId) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        attributes.put(OutboxRelay.ATTR_EVENT_ID, text(id.toString()));
        attributes.put(OutboxRelay.ATTR_SOURCE, text(source));
        if (eventType != null && !eventType.isEmpty()) {
            attributes.put(OutboxRelay.ATTR_EVENT_TYPE, text(eventType));
        }
        if (traceparent != null) {
            attributes.put(OutboxRelay.ATTR_TRACEPARENT, text(traceparent));
        }
        if (contentType != null && !contentType.isEmpty()) {
            attributes.put(OutboxRelay.ATTR_CONTENT_TYPE, text(contentType));
        }
        attributes.put(OutboxRelay.ATTR_PAYLOAD, text(inlineBody != null ? "inline" : "stored"));
        SendMessageBatchRequestEntry.Builder entry = SendMessageBatchRequestEntry.builder()
                .id(entryId)
                .messageBody(inlineBody != null ? inlineBody : id.toString())
                .messageAttributes(attributes);
        if (fifo) {
            // Events without an ordering key still need a group; alone in theirs, they keep parallelism.
            entry.messageGroupId(orderingKey != null && !orderingKey.isEmpty() ? orderingKey : id.toString())
                    .messageDeduplicationId(deduplicationId);
        }
        return entry.build();
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
