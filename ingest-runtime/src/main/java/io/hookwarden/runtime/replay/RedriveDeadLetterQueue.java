package io.hookwarden.runtime.replay;

import io.github.bucket4j.Bucket;
import io.hookwarden.api.metrics.ReplayOutcome;
import io.hookwarden.runtime.config.Source;
import io.hookwarden.runtime.sqs.EventAttributes;
import io.hookwarden.runtime.sqs.SqsBatch;
import io.hookwarden.runtime.sqs.SqsQueues;
import io.hookwarden.runtime.store.EventFilter;
import io.hookwarden.runtime.store.Events;
import io.hookwarden.runtime.store.StoredEvent;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Drains a source's DLQ back onto its main queue. A DLQ message is deleted only after its copy is
 * on the main queue, and events already delivered are not sent again; messages the filter leaves
 * alone are held (hidden from this replay) and made visible again at the end.
 */
final class RedriveDeadLetterQueue {
    /** How long a DLQ message the replay leaves alone (filtered out) stays hidden from it; released at the end. */
    private static final int DLQ_HOLD_SECONDS = 300;
    /** Receives that bring nothing new before a DLQ counts as drained. */
    private static final int DRAINED_AFTER_EMPTY_RECEIVES = 2;

    private final Events events;
    private final SqsQueues queues;
    private final MarkThenSend sender;
    private final ReplayMetrics metrics;

    RedriveDeadLetterQueue(Events events, SqsQueues queues, MarkThenSend sender, ReplayMetrics metrics) {
        this.events = events;
        this.queues = queues;
        this.sender = sender;
        this.metrics = metrics;
    }

    void run(Source source, ReplayRequest request, Bucket rate, ReplayProgress progress, Consumer<ReplayProgress> onBatch)
            throws SQLException, InterruptedException {
        String dlqUrl = queues.url(source.deadLetterQueueName());
        EventFilter filter = request.filter(source.id());
        Set<String> seen = new HashSet<>();
        // A DLQ can hold two copies of one event (redrive and worker both moved it): one is enough.
        Set<UUID> requeuedEvents = new HashSet<>();
        Map<String, String> held = new LinkedHashMap<>();
        int emptyReceives = 0;
        try {
            while (emptyReceives < DRAINED_AFTER_EMPTY_RECEIVES) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException();
                }
                List<Message> received = queues.client().receiveMessage(r -> r.queueUrl(dlqUrl)
                        .maxNumberOfMessages(request.batchSize()).waitTimeSeconds(1).visibilityTimeout(DLQ_HOLD_SECONDS)
                        .messageAttributeNames("All")
                        .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID)).messages();
                List<Message> fresh = new ArrayList<>();
                for (Message message : received) {
                    if (seen.add(message.messageId())) {
                        fresh.add(message);
                    } else {
                        held.put(message.messageId(), message.receiptHandle());
                    }
                }
                if (fresh.isEmpty()) {
                    emptyReceives++;
                    continue;
                }
                emptyReceives = 0;
                Map<UUID, StoredEvent> rows = events.byId(fresh.stream().map(EventAttributes::eventId).filter(Objects::nonNull).toList());
                List<Message> toReplay = new ArrayList<>();
                List<Message> delivered = new ArrayList<>();
                for (Message message : fresh) {
                    StoredEvent row = rows.get(EventAttributes.eventId(message));
                    if (row != null && (row.status().isFinished() || requeuedEvents.contains(row.id()))) {
                        delivered.add(message);
                    } else if (row != null && filter.matches(row)) {
                        toReplay.add(message);
                    } else {
                        held.put(message.messageId(), message.receiptHandle());
                    }
                }
                int skipped = fresh.size() - toReplay.size() - delivered.size();
                progress.skipped.addAndGet(skipped);
                progress.alreadyDelivered.addAndGet(delivered.size());
                metrics.count(source, ReplayOutcome.ALREADY_DELIVERED, delivered.size());
                metrics.dedupHits(source, delivered.size());
                Replayer.throttle(rate, toReplay.size());
                if (request.dryRun()) {
                    progress.requeued.addAndGet(toReplay.size());
                    toReplay.forEach(m -> held.put(m.messageId(), m.receiptHandle()));
                    delivered.forEach(m -> held.put(m.messageId(), m.receiptHandle()));
                } else {
                    delete(dlqUrl, delivered);
                    List<Message> sent = sender.copy(source, toReplay, rows);
                    delete(dlqUrl, sent);
                    sent.forEach(m -> requeuedEvents.add(EventAttributes.eventId(m)));
                    toReplay.stream().filter(m -> !sent.contains(m)).forEach(m -> held.put(m.messageId(), m.receiptHandle()));
                    progress.requeued.addAndGet(sent.size());
                    progress.failed.addAndGet(toReplay.size() - sent.size());
                    metrics.count(source, ReplayOutcome.REQUEUED, sent.size());
                    metrics.count(source, ReplayOutcome.FAILED, toReplay.size() - sent.size());
                }
                metrics.count(source, ReplayOutcome.SKIPPED, skipped);
                onBatch.accept(progress);
            }
        } finally {
            release(dlqUrl, held);
        }
    }

    private void delete(String queueUrl, List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                    .receiptHandle(messages.get(i).receiptHandle()).build());
        }
        queues.client().deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
    }

    /** Makes the messages the replay left alone visible again for whoever looks next. */
    private void release(String queueUrl, Map<String, String> held) {
        for (List<String> chunk : SqsBatch.chunks(new ArrayList<>(held.values()), SqsBatch.MAX_ENTRIES)) {
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(chunk.get(i)).visibilityTimeout(0).build());
            }
            try {
                queues.client().changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl).entries(entries));
            } catch (SdkException e) {
                // They become visible by themselves when the hold runs out.
            }
        }
    }
}
