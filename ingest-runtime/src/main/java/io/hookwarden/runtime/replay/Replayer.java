package io.hookwarden.runtime.replay;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.hookwarden.api.v1alpha1.QueueType;
import io.hookwarden.runtime.config.Source;
import io.hookwarden.runtime.config.SourceRegistry;
import io.hookwarden.runtime.metrics.MetricNames;
import io.hookwarden.runtime.outbox.MessageCopy;
import io.hookwarden.runtime.outbox.OutboxRelay;
import io.hookwarden.runtime.outbox.OutgoingEvent;
import io.hookwarden.runtime.outbox.SqsQueues;
import io.hookwarden.runtime.store.EventStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Puts events back on their source's main queue, keeping their event id (sinks deduplicate on ce-id):
 * by id, from the DLQ, or selected in PostgreSQL. An event is marked queued (committed) before its
 * message is sent, so a worker never mistakes the new message for a duplicate of a finished event;
 * if the send fails, its old status comes back. A DLQ message is deleted only after its copy is on
 * the main queue, and events already delivered are not sent again: a replay can be interrupted and
 * run again.
 */
public final class Replayer {
    private static final int SQS_BATCH = 10;
    private static final int PAGE = 100;
    /** How long a DLQ message the replay leaves alone (filtered out) stays hidden from it; released at the end. */
    private static final int DLQ_HOLD_SECONDS = 300;
    /** Receives that bring nothing new before a DLQ counts as drained. */
    private static final int DRAINED_AFTER_EMPTY_RECEIVES = 2;
    private static final UUID FIRST = new UUID(0, 0);

    private static final String BY_ID = """
            SELECT id, source, event_type, traceparent, content_type, ordering_key, status, received_at, failure_class
            FROM events WHERE id = ANY(?::uuid[])""";
    private static final String SELECT_PAGE = """
            SELECT id, source, event_type, traceparent, content_type, ordering_key, status, received_at, failure_class
            FROM events
            WHERE source = ? AND status = ANY(?::text[]) AND id > ?
              AND (?::text IS NULL OR event_type = ?::text)
              AND (?::timestamptz IS NULL OR received_at >= ?::timestamptz)
              AND (?::timestamptz IS NULL OR received_at < ?::timestamptz)
              AND (?::text IS NULL OR failure_class = ?::text)
            ORDER BY id LIMIT ?""";
    private static final String MARK_QUEUED = "UPDATE events SET status = 'queued', enqueued_at = now() WHERE id = ANY(?::uuid[])";
    private static final String RESTORE_STATUS = """
            UPDATE events e SET status = r.status FROM unnest(?::uuid[], ?::text[]) AS r(id, status)
            WHERE e.id = r.id AND e.status = 'queued'""";

    private record Row(UUID id, String source, String eventType, String traceparent, String contentType, String orderingKey,
            EventStatus status, OffsetDateTime receivedAt, String failureClass) {

        OutgoingEvent outgoing() {
            // The body stays in PostgreSQL: the worker reads it from there.
            return new OutgoingEvent(id, source, eventType, traceparent, contentType, orderingKey, null);
        }
    }

    /** @param failed event id to why it was not requeued */
    public record RequeueResult(List<UUID> requeued, List<UUID> notFound, Map<UUID, String> failed) {
    }

    private final DataSource dataSource;
    private final SqsQueues queues;
    private final SourceRegistry sources;
    private final MeterRegistry meters;

    public Replayer(DataSource dataSource, SqsQueues queues, SourceRegistry sources, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.queues = queues;
        this.sources = sources;
        this.meters = meters;
    }

    /** Sends these events to their queues again, whatever their status (delivered ones are delivered again). */
    public RequeueResult requeue(List<UUID> ids) throws SQLException {
        Map<UUID, Row> rows = rowsById(ids);
        List<UUID> requeued = new ArrayList<>();
        Map<UUID, String> failed = new LinkedHashMap<>();
        Map<String, List<Row>> bySource = new LinkedHashMap<>();
        for (UUID id : ids) {
            Row row = rows.get(id);
            if (row != null) {
                bySource.computeIfAbsent(row.source, s -> new ArrayList<>()).add(row);
            }
        }
        for (Map.Entry<String, List<Row>> entry : bySource.entrySet()) {
            Source source = sources.get(entry.getKey());
            if (source == null) {
                entry.getValue().forEach(row -> failed.put(row.id, "source " + row.source + " is not configured here"));
                continue;
            }
            for (List<Row> chunk : chunks(entry.getValue(), SQS_BATCH)) {
                List<UUID> sent = markAndSend(source, chunk);
                requeued.addAll(sent);
                chunk.stream().filter(row -> !sent.contains(row.id)).forEach(row -> failed.put(row.id, "not accepted by SQS"));
                count(source.name(), "requeued", sent.size());
                count(source.name(), "failed", chunk.size() - sent.size());
            }
        }
        List<UUID> notFound = ids.stream().filter(id -> !rows.containsKey(id)).toList();
        return new RequeueResult(requeued, notFound, failed);
    }

    /**
     * Runs a replay to its end (or until the thread is interrupted), reporting after each batch.
     * The progress records how it ended; an exception is recorded there too.
     */
    public void replay(ReplayRequest request, ReplayProgress progress, Consumer<ReplayProgress> onBatch) {
        try {
            Source source = sources.get(request.source());
            if (source == null) {
                throw new IllegalArgumentException("no source is named " + request.source());
            }
            Bucket rate = request.ratePerSecond() > 0 ? Bucket.builder().addLimit(Bandwidth.builder()
                    .capacity(batchSize(request)).refillGreedy(request.ratePerSecond(), Duration.ofSeconds(1)).build()).build() : null;
            if (request.fromDeadLetterQueue()) {
                replayDeadLetterQueue(source, request, rate, progress, onBatch);
            } else {
                replayStored(source, request, rate, progress, onBatch);
            }
            progress.finish(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            progress.finish("interrupted");
        } catch (SQLException | SdkException | IllegalArgumentException e) {
            progress.finish(e.getMessage());
        }
        onBatch.accept(progress);
    }

    private static int batchSize(ReplayRequest request) {
        return request.ratePerSecond() > 0 ? Math.min(SQS_BATCH, request.ratePerSecond()) : SQS_BATCH;
    }

    private void replayStored(Source source, ReplayRequest request, Bucket rate, ReplayProgress progress,
            Consumer<ReplayProgress> onBatch) throws SQLException, InterruptedException {
        UUID after = FIRST;
        while (true) {
            List<Row> page = page(source, request, after);
            if (page.isEmpty()) {
                return;
            }
            after = page.get(page.size() - 1).id;
            for (List<Row> batch : chunks(page, batchSize(request))) {
                throttle(rate, batch.size());
                if (request.dryRun()) {
                    progress.requeued.addAndGet(batch.size());
                } else {
                    int sent = markAndSend(source, batch).size();
                    progress.requeued.addAndGet(sent);
                    progress.failed.addAndGet(batch.size() - sent);
                    count(source.name(), "requeued", sent);
                    count(source.name(), "failed", batch.size() - sent);
                }
                onBatch.accept(progress);
            }
        }
    }

    private List<Row> page(Source source, ReplayRequest request, UUID after) throws SQLException {
        List<Row> page = new ArrayList<>();
        Timestamp since = request.since() != null ? Timestamp.from(request.since()) : null;
        Timestamp until = request.until() != null ? Timestamp.from(request.until()) : null;
        String failureClass = request.failureClass() != null ? request.failureClass().label() : null;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(SELECT_PAGE)) {
            select.setString(1, source.name());
            select.setArray(2, connection.createArrayOf("text", request.statuses().stream().map(EventStatus::label).toArray()));
            select.setObject(3, after);
            select.setString(4, request.eventType());
            select.setString(5, request.eventType());
            select.setTimestamp(6, since);
            select.setTimestamp(7, since);
            select.setTimestamp(8, until);
            select.setTimestamp(9, until);
            select.setString(10, failureClass);
            select.setString(11, failureClass);
            select.setInt(12, PAGE);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    page.add(row(rs));
                }
            }
        }
        return page;
    }

    private void replayDeadLetterQueue(Source source, ReplayRequest request, Bucket rate, ReplayProgress progress,
            Consumer<ReplayProgress> onBatch) throws SQLException, InterruptedException {
        boolean fifo = source.queueType() == QueueType.FIFO;
        String dlqUrl = queues.url(source.deadLetterQueueName());
        String mainUrl = queues.url(source.queueName());
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
                        .maxNumberOfMessages(batchSize(request)).waitTimeSeconds(1).visibilityTimeout(DLQ_HOLD_SECONDS)
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
                Map<UUID, Row> rows = rowsOf(fresh);
                List<Message> toReplay = new ArrayList<>();
                List<Message> delivered = new ArrayList<>();
                for (Message message : fresh) {
                    Row row = rows.get(eventId(message));
                    if (row != null && (row.status.isFinished() || requeuedEvents.contains(row.id))) {
                        delivered.add(message);
                    } else if (row != null && matches(row, request)) {
                        toReplay.add(message);
                    } else {
                        held.put(message.messageId(), message.receiptHandle());
                    }
                }
                progress.skipped.addAndGet(fresh.size() - toReplay.size() - delivered.size());
                progress.alreadyDelivered.addAndGet(delivered.size());
                count(source.name(), "already_delivered", delivered.size());
                dedupHits(source.name(), delivered.size());
                throttle(rate, toReplay.size());
                if (request.dryRun()) {
                    progress.requeued.addAndGet(toReplay.size());
                    toReplay.forEach(m -> held.put(m.messageId(), m.receiptHandle()));
                    delivered.forEach(m -> held.put(m.messageId(), m.receiptHandle()));
                } else {
                    delete(dlqUrl, delivered);
                    List<Message> sent = markAndCopy(mainUrl, fifo, toReplay, rows);
                    delete(dlqUrl, sent);
                    sent.forEach(m -> requeuedEvents.add(eventId(m)));
                    toReplay.stream().filter(m -> !sent.contains(m)).forEach(m -> held.put(m.messageId(), m.receiptHandle()));
                    progress.requeued.addAndGet(sent.size());
                    progress.failed.addAndGet(toReplay.size() - sent.size());
                    count(source.name(), "requeued", sent.size());
                    count(source.name(), "failed", toReplay.size() - sent.size());
                }
                count(source.name(), "skipped", fresh.size() - toReplay.size() - delivered.size());
                onBatch.accept(progress);
            }
        } finally {
            release(dlqUrl, held);
        }
    }

    private static boolean matches(Row row, ReplayRequest request) {
        return (request.eventType() == null || request.eventType().equals(row.eventType))
                && (request.since() == null || !row.receivedAt.toInstant().isBefore(request.since()))
                && (request.until() == null || row.receivedAt.toInstant().isBefore(request.until()))
                && (request.failureClass() == null || request.failureClass().label().equals(row.failureClass));
    }

    private Map<UUID, Row> rowsOf(List<Message> messages) throws SQLException {
        return rowsById(messages.stream().map(Replayer::eventId).filter(java.util.Objects::nonNull).toList());
    }

    private Map<UUID, Row> rowsById(List<UUID> ids) throws SQLException {
        Map<UUID, Row> rows = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(BY_ID)) {
            select.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Row row = row(rs);
                    rows.put(row.id, row);
                }
            }
        }
        return rows;
    }

    /** Marks the events queued, then sends their messages; restores the status of those SQS refused. Returns those sent. */
    private List<UUID> markAndSend(Source source, List<Row> rows) throws SQLException {
        boolean fifo = source.queueType() == QueueType.FIFO;
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            entries.add(rows.get(i).outgoing().toEntry(Integer.toString(i), fifo, UUID.randomUUID().toString()));
        }
        List<Integer> sent = markThenSend(queues.url(source.queueName()), rows, entries);
        return sent.stream().map(i -> rows.get(i).id).toList();
    }

    private List<Message> markAndCopy(String mainUrl, boolean fifo, List<Message> messages, Map<UUID, Row> rows)
            throws SQLException {
        if (messages.isEmpty()) {
            return List.of();
        }
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            entries.add(MessageCopy.entry(Integer.toString(i), messages.get(i), fifo));
        }
        List<Row> marked = messages.stream().map(m -> rows.get(eventId(m))).toList();
        return markThenSend(mainUrl, marked, entries).stream().map(messages::get).toList();
    }

    /** Returns the indexes of the entries SQS accepted. */
    private List<Integer> markThenSend(String queueUrl, List<Row> rows, List<SendMessageBatchRequestEntry> entries)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement mark = connection.prepareStatement(MARK_QUEUED)) {
                mark.setArray(1, connection.createArrayOf("uuid", rows.stream().map(Row::id).toArray()));
                mark.executeUpdate();
            }
            List<Integer> sent = new ArrayList<>();
            try {
                SendMessageBatchResponse response = queues.client().sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
                response.successful().forEach(ok -> sent.add(Integer.parseInt(ok.id())));
            } catch (SdkException e) {
                // Nothing sent: every status goes back below.
            }
            List<Row> refused = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                if (!sent.contains(i)) {
                    refused.add(rows.get(i));
                }
            }
            if (!refused.isEmpty()) {
                try (PreparedStatement restore = connection.prepareStatement(RESTORE_STATUS)) {
                    restore.setArray(1, connection.createArrayOf("uuid", refused.stream().map(Row::id).toArray()));
                    restore.setArray(2, connection.createArrayOf("text", refused.stream().map(r -> r.status.label()).toArray()));
                    restore.executeUpdate();
                }
            }
            return sent;
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
        List<String> handles = new ArrayList<>(held.values());
        for (List<String> chunk : chunks(handles, SQS_BATCH)) {
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

    private static void throttle(Bucket rate, int events) throws InterruptedException {
        if (rate != null && events > 0) {
            rate.asBlocking().consume(events);
        }
    }

    private static UUID eventId(Message message) {
        var attribute = message.messageAttributes().get(OutboxRelay.ATTR_EVENT_ID);
        try {
            return attribute != null ? UUID.fromString(attribute.stringValue()) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), EventStatus.fromLabel(rs.getString(7)), rs.getObject(8, OffsetDateTime.class), rs.getString(9));
    }

    private void count(String source, String outcome, long amount) {
        if (amount > 0) {
            Counter.builder(MetricNames.REPLAY_EVENTS).description("Events a replay or requeue went through")
                    .tags("source", source, "outcome", outcome).register(meters).increment(amount);
        }
    }

    private void dedupHits(String source, long amount) {
        if (amount > 0) {
            Counter.builder(MetricNames.DEDUP_HITS).description("Messages skipped because their event was already delivered")
                    .tags("source", source, "stage", "replay").register(meters).increment(amount);
        }
    }

    private static <T> List<List<T>> chunks(List<T> items, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < items.size(); from += size) {
            chunks.add(items.subList(from, Math.min(items.size(), from + size)));
        }
        return chunks;
    }
}
