package io.hookwarden.runtime.sqs;

import java.util.UUID;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** The message attributes an event travels with on SQS: written by {@link OutgoingEvent}, read by workers and replays. */
public final class MessageAttributes {
    public static final String EVENT_ID = "event_id";
    public static final String SOURCE = "source";
    public static final String EVENT_TYPE = "event_type";
    public static final String TRACEPARENT = "traceparent";
    public static final String CONTENT_TYPE = "content_type";
    /** {@link #PAYLOAD_INLINE}: the message body is the event body; {@link #PAYLOAD_STORED}: workers read it from PostgreSQL. */
    public static final String PAYLOAD = "payload";
    public static final String PAYLOAD_INLINE = "inline";
    public static final String PAYLOAD_STORED = "stored";

    private MessageAttributes() {
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
        String text = read(message, EVENT_ID);
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
        return PAYLOAD_INLINE.equals(read(message, PAYLOAD));
    }
}
