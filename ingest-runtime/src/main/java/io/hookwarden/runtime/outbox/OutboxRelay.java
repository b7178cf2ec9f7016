package io.hookwarden.runtime.outbox;

import io.hookwarden.api.metrics.Metric;
import io.hookwarden.api.runtime.RefusedEventRetry;
import io.hookwarden.api.v1alpha1.QueueType;
import io.hookwarden.runtime.config.Source;
import io.hookwarden.runtime.config.SourceRegistry;
import io.hookwarden.runtime.sqs.OutgoingEvent;
import io.hookwarden.runtime.sqs.SqsBatch;
import io.hookwarden.runtime.sqs.SqsQueues;
import io.hookwarden.runtime.store.Events;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Moves committed events from PostgreSQL onto their source's SQS queue with SendMessageBatch, off
 * the request path. Rows are claimed with {@code FOR UPDATE SKIP LOCKED} (so replicas never send
 * the same event) and marked queued in the same transaction, only for entries SQS accepted: while
 * SQS is down everything stays pending and goes out when it is back. An entry SQS refuses as the
 * sender's fault (what it will refuse again) stays in the outbox with the reason and is retried on
 * its own backoff, counted in {@link Metric#RELAY_REFUSALS}; the relay goes on with the others
 * without pausing.
 */
public final class OutboxRelay implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int SQS_BATCH_ENTRIES = 10;
    /** SendMessageBatch caps the whole request at 256 KiB; stay below it with room for attributes. */
    private static final int SQS_BATCH_BYTES = 240 * 1024;
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final Events events;
    private final SqsQueues queues;
    private final SourceRegistry sources;
    private final String[] served;
    private final int claimSize;
    private final int inlineMaxBytes;
    private final ExecutorService senders;
    private final Semaphore wakeUp = new Semaphore(0);
    private final AtomicLong pending = new AtomicLong();
    private final Map<Source, Counter> refusals = new HashMap<>();
    private final Thread loop;
    private volatile boolean running = true;
    private long lastCount;

    public OutboxRelay(Events events, SqsQueues queues, SourceRegistry sources, int claimSize, int inlineMaxBytes,
            int senderThreads, MeterRegistry meters) {
        this.events = events;
        this.queues = queues;
        this.sources = sources;
        this.served = sources.ids();
        this.claimSize = claimSize;
        this.inlineMaxBytes = inlineMaxBytes;
        this.senders = Executors.newFixedThreadPool(senderThreads, r -> {
            Thread t = new Thread(r, "hookwarden-outbox-sender");
            t.setDaemon(true);
            return t;
        });
        for (Source source : sources.all()) {
            refusals.put(source, Counter.builder(Metric.RELAY_REFUSALS.meterName())
                    .description("Sends of an event that SQS refused; the event waits in the outbox for its retry")
                    .tags(source.meterTags()).register(meters));
        }
        this.loop = new Thread(this::run, "hookwarden-outbox-relay");
        this.loop.setDaemon(true);
    }

    public void start() {
        loop.start();
    }

    /** Called after a commit that added events, so they leave without waiting for the next poll. */
    public void wake() {
        if (wakeUp.availablePermits() == 0) {
            wakeUp.release();
        }
    }

    /** Events committed but not yet on SQS, as of the last count. */
    public long pending() {
        return pending.get();
    }

    private void run() {
        long backoff = 0;
        while (running) {
            try {
                if (backoff > 0) {
                    Thread.sleep(backoff);
                }
                int sent = relayOnce();
                backoff = 0;
                refreshPendingCount(sent);
                if (sent == 0) {
                    wakeUp.tryAcquire(1, TimeUnit.SECONDS);
                    wakeUp.drainPermits();
                } else if (sent < claimSize) {
                    // Not a full claim: let the next round gather more than the last commit's few events,
                    // so a busy relay pays its transaction and SQS calls per full batch, not per commit.
                    TimeUnit.NANOSECONDS.sleep(SqsBatch.FILL_WAIT_NANOS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | SdkException | RelayException e) {
                backoff = Math.min(MAX_BACKOFF_MILLIS, Math.max(100, backoff * 2));
                LOG.warnf("outbox relay: %s; events stay pending, retrying in %d ms", e.getMessage(), backoff);
                refreshPendingCountDuringOutage();
            } catch (RuntimeException e) {
                backoff = MAX_BACKOFF_MILLIS;
                LOG.error("outbox relay failed unexpectedly; events stay pending", e);
            }
        }
    }

    /** One claim-send-mark round; returns how many events went onto SQS. */
    int relayOnce() throws SQLException {
        try (Events.Claim claim = events.claimReceived(served, claimSize, inlineMaxBytes)) {
            List<OutgoingEvent> claimed = claim.events().stream().map(this::outgoing).toList();
            if (claimed.isEmpty()) {
                claim.commit();
                return 0;
            }
            Sent result = send(claimed);
            if (!result.queued().isEmpty()) {
                claim.markQueued(result.queued());
            }
            if (!result.refused().isEmpty()) {
                claim.markRefused(result.refusedReasons(), RefusedEventRetry.FIRST, RefusedEventRetry.MAX);
            }
            claim.commit();
            result.refused().forEach(refused -> refusals.get(refused.source()).increment());
            int unsent = claimed.size() - result.queued().size() - result.refused().size();
            if (unsent > 0) {
                throw new RelayException(unsent + " of " + claimed.size() + " events not accepted by SQS");
            }
            return result.queued().size();
        }
    }

    /** What SQS did with a round's entries; those in neither list failed for reasons of SQS's own (retried at once). */
    private record Sent(List<UUID> queued, List<Refused> refused) {
        static final Sent NONE = new Sent(List.of(), List.of());

        Map<UUID, String> refusedReasons() {
            Map<UUID, String> reasons = new LinkedHashMap<>();
            refused.forEach(r -> reasons.put(r.event().id(), r.reason()));
            return reasons;
        }

        Sent plus(Sent other) {
            List<UUID> allQueued = new ArrayList<>(queued);
            allQueued.addAll(other.queued);
            List<Refused> allRefused = new ArrayList<>(refused);
            allRefused.addAll(other.refused);
            return new Sent(allQueued, allRefused);
        }
    }

    /** @param reason SQS's error code and message */
    private record Refused(OutgoingEvent event, String reason) {
        Source source() {
            return event.source();
        }
    }

    /** Claimed rows are of served sources only. */
    private OutgoingEvent outgoing(Events.ClaimedEvent e) {
        return new OutgoingEvent(e.id(), sources.byId(e.source()), e.eventType(), e.traceparent(), e.contentType(), e.orderingKey(),
                inlineText(e.smallBody()));
    }

    /** Sends in SQS-sized batches, in parallel. */
    private Sent send(List<OutgoingEvent> claimed) {
        Map<Source, List<OutgoingEvent>> bySource = new LinkedHashMap<>();
        for (OutgoingEvent c : claimed) {
            bySource.computeIfAbsent(c.source(), s -> new ArrayList<>()).add(c);
        }
        List<CompletableFuture<Sent>> batches = new ArrayList<>();
        for (Map.Entry<Source, List<OutgoingEvent>> entry : bySource.entrySet()) {
            Source source = entry.getKey();
            for (List<OutgoingEvent> chunk : chunks(entry.getValue())) {
                batches.add(CompletableFuture.supplyAsync(() -> sendBatch(source, chunk), senders));
            }
        }
        Sent sent = Sent.NONE;
        RuntimeException failure = null;
        for (CompletableFuture<Sent> batch : batches) {
            try {
                sent = sent.plus(batch.join());
            } catch (java.util.concurrent.CompletionException e) {
                failure = e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        if (failure != null && sent.queued().isEmpty() && sent.refused().isEmpty()) {
            throw failure;
        }
        return sent;
    }

    private Sent sendBatch(Source source, List<OutgoingEvent> chunk) {
        String queueUrl;
        try {
            queueUrl = queues.url(source.queueName());
        } catch (QueueDoesNotExistException e) {
            throw new RelayException("queue " + source.queueName() + " does not exist");
        }
        boolean fifo = source.queueType() == QueueType.FIFO;
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(chunk.size());
        for (int i = 0; i < chunk.size(); i++) {
            entries.add(chunk.get(i).toEntry(Integer.toString(i), fifo, chunk.get(i).id().toString()));
        }
        SendMessageBatchResponse response;
        try {
            response = queues.client().sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
        } catch (QueueDoesNotExistException e) {
            queues.forget(source.queueName());
            throw new RelayException("queue " + source.queueName() + " does not exist");
        }
        List<Refused> refused = new ArrayList<>();
        for (BatchResultErrorEntry failed : response.failed()) {
            OutgoingEvent event = chunk.get(Integer.parseInt(failed.id()));
            if (Boolean.TRUE.equals(failed.senderFault())) {
                refused.add(new Refused(event, failed.code() + ": " + failed.message()));
                LOG.warnf("SQS refused event %s of %s (%s: %s); it stays in the outbox and is retried on its own",
                        event.id(), source.id(), failed.code(), failed.message());
            } else {
                LOG.warnf("SQS did not take event %s of %s (%s: %s); sent again", event.id(), source.id(), failed.code(),
                        failed.message());
            }
        }
        return new Sent(response.successful().stream().map(ok -> chunk.get(Integer.parseInt(ok.id())).id()).toList(), refused);
    }

    private static List<List<OutgoingEvent>> chunks(List<OutgoingEvent> events) {
        List<List<OutgoingEvent>> chunks = new ArrayList<>();
        List<OutgoingEvent> current = new ArrayList<>();
        int bytes = 0;
        for (OutgoingEvent c : events) {
            int size = c.inlineBody() != null ? c.inlineBody().length() * 3 + 1024 : 1024;
            if (!current.isEmpty() && (current.size() == SQS_BATCH_ENTRIES || bytes + size > SQS_BATCH_BYTES)) {
                chunks.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(c);
            bytes += size;
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }

    /** SQS bodies are Unicode text without most control characters; anything else is read from PostgreSQL. */
    private static String inlineText(byte[] body) {
        if (body == null) {
            return null;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        if (text.isEmpty()) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if ((ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') || ch == 0xFFFE || ch == 0xFFFF) {
                return null;
            }
        }
        return text;
    }

    /** SQS may be down while PostgreSQL is not: the gauge must keep counting what waits. */
    private void refreshPendingCountDuringOutage() {
        try {
            refreshPendingCount(0);
        } catch (SQLException e) {
            // PostgreSQL is down too: nothing can be counted until it is back.
        }
    }

    private void refreshPendingCount(int justSent) throws SQLException {
        long now = System.currentTimeMillis();
        if (justSent > 0 && now - lastCount < 5_000) {
            return;
        }
        lastCount = now;
        pending.set(events.countReceived(served));
    }

    @Override
    public void close() {
        running = false;
        wake();
        try {
            if (loop.isAlive()) {
                loop.join(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        senders.shutdownNow();
    }

    static final class RelayException extends RuntimeException {
        RelayException(String message) {
            super(message);
        }
    }
}
