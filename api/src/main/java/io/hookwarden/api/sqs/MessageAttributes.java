package io.hookwarden.api.sqs;

import io.hookwarden.api.WireValue;

/** The SQS message attributes the outbox relay sets on every event and workers and replays read. */
public final class MessageAttributes {
    /** The event's id (a UUID): the row in PostgreSQL, and the ce-id sinks see. */
    public static final String EVENT_ID = "event_id";
    /** The WebhookSource's name. */
    public static final String SOURCE = "source";
    /** The WebhookSource's namespace: with {@link #SOURCE}, whose message it is (a worker refuses any other source's). */
    public static final String NAMESPACE = "namespace";
    /** The producer's event type, when the source extracts one. */
    public static final String EVENT_TYPE = "event_type";
    /** W3C trace context of the ingest request, when it had one. */
    public static final String TRACEPARENT = "traceparent";
    /** The request's Content-Type. */
    public static final String CONTENT_TYPE = "content_type";
    /** {@link Payload}: where the event body is. */
    public static final String PAYLOAD = "payload";

    /** The values of {@link #PAYLOAD}. */
    public enum Payload implements WireValue {
        /** The message body is the event body. */
        INLINE,
        /** Too large for a message: workers read the body from PostgreSQL. */
        STORED
    }

    private MessageAttributes() {
    }
}
