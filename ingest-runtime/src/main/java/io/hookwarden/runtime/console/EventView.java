package io.hookwarden.runtime.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookwarden.runtime.store.DeliveryAttempt;
import io.hookwarden.runtime.store.EventSearch;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One event as the detail page shows it: the body as text (and indented when it is JSON), the
 * trace id out of its traceparent, and the steps it went through, each delivery attempt one step.
 */
public record EventView(EventSearch.Detail event, String bodyText, String prettyJson, String traceId, List<Step> timeline) {

    /**
     * @param state done (reached), failed (an attempt that did not deliver), final, or pending
     * @param attempt the delivery attempt this step is; null for the other steps
     */
    public record Step(String label, Instant at, String detail, String state, DeliveryAttempt attempt) {
    }

    static EventView of(EventSearch.Detail event, ObjectMapper pretty) {
        String text = utf8OrNull(event.body());
        return new EventView(event, text, prettyJsonOrNull(text, pretty), traceId(event.traceparent()), timeline(event));
    }

    private static List<Step> timeline(EventSearch.Detail e) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("Received", e.receivedAt(), "stored in PostgreSQL, acknowledged to the producer", "done", null));
        if (e.enqueuedAt() != null) {
            steps.add(new Step("Queued", e.enqueuedAt(), "on the source's SQS queue (last time it was sent there)", "done", null));
        }
        int unrecorded = e.attempts() - e.attemptLog().size();
        if (unrecorded > 0) {
            // Attempted before attempts were kept one by one (V7): the row has their count and the last failure.
            steps.add(new Step("Earlier attempts", null, unrecorded + " not recorded one by one"
                    + (e.lastError() != null ? "; last failure: " + (e.failureClass() != null ? e.failureClass() + ", " : "") + e.lastError() : ""),
                    "done", null));
        }
        int number = Math.max(0, unrecorded);
        for (DeliveryAttempt attempt : e.attemptLog()) {
            number++;
            steps.add(new Step("Attempt " + number, attempt.at(), attempt.failureClass() == null ? "accepted by the sink" : "not delivered",
                    attempt.failureClass() == null ? "done" : "failed", attempt));
        }
        switch (e.status()) {
            case DONE -> steps.add(new Step("Delivered", e.deliveredAt(), "the sink accepted it", "final", null));
            case DEAD_LETTERED -> steps.add(new Step("Dead-lettered", e.deadLetteredAt(), "given up on: in the dead-letter queue", "failed", null));
            case SUPERSEDED -> steps.add(new Step("Superseded", null, "older than what the sink already has for its entity", "final", null));
            case RECEIVED -> steps.add(new Step("Waiting", null, "in the outbox, not on SQS yet", "pending", null));
            case QUEUED -> steps.add(new Step("Waiting", null, "on the queue for a worker", "pending", null));
        }
        return steps;
    }

    private static String utf8OrNull(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String prettyJsonOrNull(String text, ObjectMapper pretty) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return pretty.writeValueAsString(pretty.readTree(text));
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** W3C traceparent: version-traceid-parentid-flags. */
    private static String traceId(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        String[] parts = traceparent.split("-");
        return parts.length == 4 ? parts[1] : null;
    }
}
