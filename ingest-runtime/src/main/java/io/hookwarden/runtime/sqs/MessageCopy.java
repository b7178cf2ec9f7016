package io.hookwarden.runtime.sqs;

import java.util.UUID;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * A received message sent on as it is (body, attributes, FIFO group): to the DLQ by a worker, back
 * to the main queue by a replay. The event id travels in the attributes, so sinks see the same ce-id.
 */
public final class MessageCopy {
    private MessageCopy() {
    }

    /** The message must have been received with its MessageGroupId system attribute when the queues are FIFO. */
    public static SendMessageBatchRequestEntry entry(String entryId, Message message, boolean fifo) {
        SendMessageBatchRequestEntry.Builder entry = SendMessageBatchRequestEntry.builder()
                .id(entryId)
                .messageBody(message.body())
                .messageAttributes(message.messageAttributes());
        if (fifo) {
            // A fresh deduplication id: the original one may still be inside SQS's five-minute window.
            entry.messageGroupId(message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
                    .messageDeduplicationId(UUID.randomUUID().toString());
        }
        return entry.build();
    }
}
