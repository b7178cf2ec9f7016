package io.hookwarden.runtime.sqs;

import io.hookwarden.api.sqs.MessageAttributes;
import java.util.UUID;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** Reading and writing the {@link MessageAttributes} an event travels with on SQS. */
public final class EventAttributes {
    private EventAttributes() {
    }

    static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    /** The attribute's text, or null when the message does not carry it. */
    public static String read(Message message, String name) {
        MessageAttributeValue value = message.messageAttributes().get(name);
        return value != null ? value.stringValue() : null;
    }

    /** Null when the message carries no valid event id (not one of ours). */
    public static UUID eventId(Message message) {
        String text = read(message, MessageAttributes.EVENT_ID);
        if (text == null) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public static boolean payloadInline(Message message) {
        return MessageAttributes.Payload.INLINE.wire().equals(read(message, MessageAttributes.PAYLOAD));
    }
}
