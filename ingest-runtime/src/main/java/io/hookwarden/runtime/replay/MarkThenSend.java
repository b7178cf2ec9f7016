package io.hookwarden.runtime.replay;

import io.hookwarden.api.v1alpha1.QueueType;
import io.hookwarden.runtime.config.Source;
import io.hookwarden.runtime.sqs.EventAttributes;
import io.hookwarden.runtime.sqs.MessageCopy;
import io.hookwarden.runtime.sqs.OutgoingEvent;
import io.hookwarden.runtime.sqs.SqsQueues;
import io.hookwarden.runtime.store.Events;
import io.hookwarden.runtime.store.StoredEvent;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Every mode's way back onto a main queue: events are marked queued (committed) before their messages
 * are sent, so a worker never mistakes a new message for a duplicate of a finished event; those SQS
 * refused get their old status back.
 */
final class MarkThenSend {
    private final Events events;
    private final SqsQueues queues;

    MarkThenSend(Events events, SqsQueues queues) {
        this.events = events;
        this.queues = queues;
    }

    /** New messages for stored events (the worker reads their bodies from PostgreSQL); returns the ids sent. */
    List<UUID> send(Source source, List<StoredEvent> batch) throws SQLException {
        boolean fifo = source.queueType() == QueueType.FIFO;
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            StoredEvent e = batch.get(i);
            entries.add(new OutgoingEvent(e.id(), source, e.eventType(), e.traceparent(), e.contentType(), e.orderingKey(), null)
                    .toEntry(Integer.toString(i), fifo, UUID.randomUUID().toString()));
        }
        return send(queues.url(source.queueName()), batch, entries).stream().map(i -> batch.get(i).id()).toList();
    }

    /** Copies of DLQ messages, each the message of its event in {@code rows}; returns the messages sent. */
    List<Message> copy(Source source, List<Message> messages, Map<UUID, StoredEvent> rows) throws SQLException {
        if (messages.isEmpty()) {
            return List.of();
        }
        boolean fifo = source.queueType() == QueueType.FIFO;
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            entries.add(MessageCopy.entry(Integer.toString(i), messages.get(i), fifo));
        }
        List<StoredEvent> marked = messages.stream().map(m -> rows.get(EventAttributes.eventId(m))).toList();
        return send(queues.url(source.queueName()), marked, entries).stream().map(messages::get).toList();
    }

    /** Returns the indexes of the entries SQS accepted. */
    private List<Integer> send(String queueUrl, List<StoredEvent> marked, List<SendMessageBatchRequestEntry> entries)
            throws SQLException {
        events.markQueued(marked.stream().map(StoredEvent::id).toList());
        List<Integer> sent = new ArrayList<>();
        try {
            SendMessageBatchResponse response = queues.client().sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
            response.successful().forEach(ok -> sent.add(Integer.parseInt(ok.id())));
        } catch (SdkException e) {
            // Nothing sent: every status goes back below.
        }
        List<StoredEvent> refused = new ArrayList<>();
        for (int i = 0; i < marked.size(); i++) {
            if (!sent.contains(i)) {
                refused.add(marked.get(i));
            }
        }
        if (!refused.isEmpty()) {
            events.restoreStatus(refused);
        }
        return sent;
    }
}
