package io.hookwarden.runtime.sqs;

import io.hookwarden.runtime.config.Source;
import static io.hookwarden.runtime.sqs.EventAttributes.text;

import io.hookwarden.api.sqs.MessageAttributes;
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
public record OutgoingEvent(UUID id, Source source, String eventType, String traceparent, String contentType,
        String orderingKey, String inlineBody) {

    /**
     * @param deduplicationId FIFO only: SQS drops a second message with the same id within five
     *        minutes, so a re-send of an event needs one of its own
     */
    public SendMessageBatchRequestEntry toEntry(String entryId, boolean fifo, String deduplicationId) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        attributes.put(MessageAttributes.EVENT_ID, text(id.toString()));
        attributes.put(MessageAttributes.SOURCE, text(source.name()));
        attributes.put(MessageAttributes.NAMESPACE, text(source.namespace()));
        if (eventType != null && !eventType.isEmpty()) {
            attributes.put(MessageAttributes.EVENT_TYPE, text(eventType));
        }
        if (traceparent != null) {
            attributes.put(MessageAttributes.TRACEPARENT, text(traceparent));
        }
        if (contentType != null && !contentType.isEmpty()) {
            attributes.put(MessageAttributes.CONTENT_TYPE, text(contentType));
        }
        attributes.put(MessageAttributes.PAYLOAD, text(inlineBody != null ? MessageAttributes.Payload.INLINE.wire() : MessageAttributes.Payload.STORED.wire()));
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
}
