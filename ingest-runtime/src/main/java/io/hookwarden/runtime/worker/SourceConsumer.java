package io.hookwarden.runtime.worker;

import com.fasterxml.jackson.core.JsonPointer;
import io.hookwarden.api.v1alpha1.QueueType;
import io.hookwarden.api.v1alpha1.RetryPolicy;
import io.hookwarden.runtime.config.Source;
import io.hookwarden.runtime.ingest.TraceContext;
import io.hookwarden.runtime.metrics.MetricNames;
import io.hookwarden.runtime.outbox.MessageCopy;
import io.hookwarden.runtime.outbox.OutboxRelay;
import io.hookwarden.runtime.worker.DeliveryLedger.Outcome;
import io.hookwarden.runtime.worker.DeliveryMetrics.Result;
import io.micrometer.core.instrument.Gauge;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Consumes one source's queue and delivers to its sink. Pollers long-poll for up to 10 messages,
 * never more than free delivery slots ({@code sink.concurrency}), so no message waits invisible in
 * memory. A message is deleted only after the sink accepted it and PostgreSQL recorded it; a
 * failure sends it back with backoff through its visibility; its last allowed receive, or a poison
 * message, moves it to the DLQ. A Retry-After from the sink pauses the source and holds the message
 * (its visibility kept extended) instead of spending its receives. In a FIFO batch, messages of one
 * group are delivered one after the other.
 */
final class SourceConsumer {
    private static final Logger LOG = Logger.getLogger(SourceConsumer.class);
    private static final int SQS_MAX_MESSAGES = 10;
    /** When PostgreSQL cannot be read, the batch comes back after this long; no attempt is counted. */
    private static final int STORE_UNAVAILABLE_RETRY_SECONDS = 5;
    private static final long MAX_POLL_BACKOFF_MILLIS = 5_000;

    private final Source source;
    private final WorkerServices services;
    private final SinkClient sink;
    private final DeliveryMetrics metrics;
    private final Semaphore permits;
    private final Set<InFlightMessage> inFlight = ConcurrentHashMap.newKeySet();
    private final List<Thread> pollers = new ArrayList<>();
    private final boolean fifo;
    private final int visibilitySeconds;
    private final int maxReceives;
    private final RetryPolicy retry;
    private final JsonPointer versionPointer;
    private ScheduledFuture<?> heartbeat;
    private volatile long pausedUntilNanos = System.nanoTime();
    private volatile boolean running;
    private volatile boolean halted;

    SourceConsumer(Source source, WorkerServices services) {
        this.source = source;
        this.services = services;
        this.sink = new SinkClient(services.vertx(), source, services.settings().maxRetryAfter());
        this.metrics = new DeliveryMetrics(services.meters(), source.name());
        this.permits = new Semaphore(source.spec().getSink().effectiveConcurrency());
        this.fifo = source.queueType() == QueueType.FIFO;
        this.visibilitySeconds = source.spec().getQueue().effectiveVisibilityTimeoutSeconds();
        this.maxReceives = source.spec().getQueue().getDeadLetter().effectiveMaxReceiveCount();
        this.retry = source.spec().getSink().getRetry();
        String versionFrom = source.spec().getOrdering().getVersionFrom();
        this.versionPointer = versionFrom != null ? JsonPointer.compile(versionFrom) : null;
        Gauge.builder(MetricNames.WORKER_PAUSED, this, c -> c.paused() ? 1 : 0)
                .description("1 while the source's consumer is paused by its sink's Retry-After")
                .tags("source", source.name())
                .register(services.meters());
    }

    void start() {
        running = true;
        for (int i = 0; i < services.settings().pollers(); i++) {
            Thread poller = new Thread(this::poll, "hookwarden-worker-" + source.name() + "-" + i);
            poller.setDaemon(true);
            poller.start();
            pollers.add(poller);
        }
        if (visibilitySeconds > 0) {
            long every = Math.max(200, visibilitySeconds * 1000L / 4);
            heartbeat = services.scheduler().scheduleWithFixedDelay(this::extendVisibility, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private boolean paused() {
        return System.nanoTime() - pausedUntilNanos < 0;
    }

    private void poll() {
        long backoff = 0;
        while (running) {
            int wanted = 0;
            try {
                if (backoff > 0) {
                    Thread.sleep(backoff);
                }
                while (running && paused()) {
                    Thread.sleep(Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(pausedUntilNanos - System.nanoTime()))));
                }
                wanted = acquireSlots();
                if (wanted == 0) {
                    continue;
                }
                List<Message> messages = receive(wanted);
                permits.release(wanted - messages.size());
                wanted = 0;
                backoff = 0;
                if (halted) {
                    return;
                }
                if (!running) {
                    // Received while stopping: straight back to the queue.
                    messages.forEach(m -> release(track(m), 0));
                    return;
                }
                if (!messages.isEmpty()) {
                    process(messages);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (QueueDoesNotExistException e) {
                services.queues().forget(source.queueName());
                backoff = nextBackoff(backoff);
                LOG.warnf("queue %s does not exist (yet); retrying in %d ms", source.queueName(), backoff);
            } catch (SdkException e) {
                backoff = nextBackoff(backoff);
                LOG.warnf("receiving from %s failed: %s; retrying in %d ms", source.queueName(), e.getMessage(), backoff);
            } catch (RuntimeException e) {
                backoff = MAX_POLL_BACKOFF_MILLIS;
                LOG.errorf(e, "consumer of source %s failed unexpectedly; retrying in %d ms", source.name(), backoff);
            } finally {
                permits.release(wanted);
            }
        }
    }

    private static long nextBackoff(long backoff) {
        return Math.min(MAX_POLL_BACKOFF_MILLIS, Math.max(100, backoff * 2));
    }

    /** Blocks for one free delivery slot, then takes up to 9 more that are free now; 0 when stopping. */
    private int acquireSlots() throws InterruptedException {
        while (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
            if (!running) {
                return 0;
            }
        }
        int slots = 1;
        while (slots < SQS_MAX_MESSAGES && permits.tryAcquire()) {
            slots++;
        }
        return slots;
    }

    private List<Message> receive(int max) {
        String url = queueUrl();
        int waitSeconds = (int) Math.min(20, services.settings().pollWait().toSeconds());
        return services.queues().client().receiveMessage(r -> r.queueUrl(url)
                .maxNumberOfMessages(max)
                .waitTimeSeconds(waitSeconds)
                .visibilityTimeout(visibilitySeconds)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                        MessageSystemAttributeName.MESSAGE_GROUP_ID)
                .messageAttributeNames("All")).messages();
    }

    private String queueUrl() {
        return services.queues().url(source.queueName());
    }

    private InFlightMessage track(Message message) {
        InFlightMessage m = new InFlightMessage(message, System.nanoTime());
        inFlight.add(m);
        return m;
    }

    /** Reads the batch's events from PostgreSQL once, then starts a delivery chain per message (per group in FIFO). */
    private void process(List<Message> messages) {
        List<InFlightMessage> batch = new ArrayList<>(messages.size());
        for (Message message : messages) {
            batch.add(track(message));
        }
        List<UUID> ids = new ArrayList<>();
        List<UUID> withBody = new ArrayList<>();
        for (InFlightMessage m : batch) {
            if (m.eventId != null) {
                ids.add(m.eventId);
                if (!m.payloadInline()) {
                    withBody.add(m.eventId);
                }
            }
        }
        Map<UUID, EventRows.EventRow> rows;
        try {
            rows = ids.isEmpty() ? Map.of() : services.rows().load(ids, withBody);
        } catch (SQLException e) {
            LOG.warnf("events of %d messages of source %s not readable, back on the queue in %d s: %s", batch.size(),
                    source.name(), STORE_UNAVAILABLE_RETRY_SECONDS, e.getMessage());
            batch.forEach(m -> release(m, STORE_UNAVAILABLE_RETRY_SECONDS));
            return;
        }
        Map<String, Chain> chains = new LinkedHashMap<>();
        Set<UUID> inThisBatch = new HashSet<>();
        for (InFlightMessage m : batch) {
            EventRows.EventRow row = m.eventId != null ? rows.get(m.eventId) : null;
            if (m.eventId == null) {
                poison(m, "message has no valid " + OutboxRelay.ATTR_EVENT_ID + " attribute");
            } else if (row == null) {
                poison(m, "event " + m.eventId + " is not in PostgreSQL");
            } else if (row.status().isFinished() || !inThisBatch.add(m.eventId)) {
                metrics.dedupHit();
                log(Logger.Level.DEBUG, m, "duplicate message deleted (event %s)", row.status().label());
                delete(m);
            } else if (!m.attachBody(row)) {
                poison(m, "event " + m.eventId + " has no stored body");
            } else {
                try {
                    m.version = versionPointer != null ? EntityVersion.parse(m.json().at(versionPointer)) : null;
                    String chainKey = fifo && m.groupId != null ? m.groupId : m.message.messageId();
                    chains.computeIfAbsent(chainKey, k -> new Chain()).messages.add(m);
                } catch (PoisonMessageException e) {
                    poison(m, e.getMessage());
                }
            }
        }
        chains.values().forEach(chain -> deliver(chain, 0));
    }

    /** Messages delivered one after the other (one FIFO group's share of a batch; else a single message). */
    private static final class Chain {
        final List<InFlightMessage> messages = new ArrayList<>(1);
        volatile BigDecimal deliveredVersion;
    }

    private void deliver(Chain chain, int index) {
        if (halted || index >= chain.messages.size()) {
            return;
        }
        if (!running) {
            chain.messages.subList(index, chain.messages.size()).forEach(m -> release(m, 0));
            return;
        }
        InFlightMessage m = chain.messages.get(index);
        BigDecimal newest = max(m.row.deliveredVersion(), chain.deliveredVersion);
        if (m.version != null && newest != null && m.version.compareTo(newest) < 0) {
            metrics.count(Result.SUPERSEDED, null);
            log(Logger.Level.INFO, m, "superseded: version %s is older than %s, already delivered for entity %s",
                    m.version, newest, m.row.orderingKey());
            recordThenDelete(m, Outcome.superseded(m.eventId));
            deliver(chain, index + 1);
            return;
        }
        long start = System.nanoTime();
        try {
            sink.deliver(m).thenAccept(outcome -> onOutcome(chain, index, m, outcome, start)).exceptionally(bug -> {
                // Never leave a message held (and its visibility extended) by a failure of our own.
                LOG.errorf(bug, "handling the delivery of a message of source %s failed", source.name());
                chain.messages.subList(index, chain.messages.size()).forEach(rest -> release(rest, Backoff.seconds(retry, rest.receiveCount)));
                return null;
            });
        } catch (PoisonMessageException e) {
            poison(m, e.getMessage());
            deliver(chain, index + 1);
        }
    }

    private void onOutcome(Chain chain, int index, InFlightMessage m, SinkOutcome outcome, long start) {
        if (halted) {
            return;
        }
        metrics.attempted(start);
        if (outcome instanceof SinkOutcome.Accepted) {
            metrics.count(Result.DELIVERED, null);
            log(Logger.Level.DEBUG, m, "delivered");
            chain.deliveredVersion = max(chain.deliveredVersion, m.version);
            EntityVersion version = m.version != null && m.row.orderingKey() != null
                    ? new EntityVersion(source.name(), m.row.orderingKey(), m.version) : null;
            recordThenDelete(m, Outcome.delivered(m.eventId, version));
            deliver(chain, index + 1);
        } else if (outcome instanceof SinkOutcome.Throttled throttled) {
            m.throttles++;
            Duration wait = throttled.retryAfter() != null ? throttled.retryAfter()
                    : Duration.ofSeconds(Math.max(1, Backoff.seconds(retry, m.throttles)));
            metrics.count(Result.THROTTLED, FailureClass.RATE_LIMITED);
            services.ledger().record(Outcome.failed(m.eventId, FailureClass.RATE_LIMITED, throttled.error()));
            pause(wait);
            log(Logger.Level.INFO, m, "sink asks to slow down (%s): source paused for %d s, the event is held and retried",
                    throttled.error(), wait.toSeconds());
            long delay = Math.max(0, pausedUntilNanos - System.nanoTime());
            m.held = true;
            services.scheduler().schedule(() -> {
                m.held = false;
                deliver(chain, index);
            }, delay, TimeUnit.NANOSECONDS);
        } else {
            SinkOutcome.Failed failed = (SinkOutcome.Failed) outcome;
            if (m.receiveCount >= maxReceives) {
                deadLetter(m, 1, failed.failureClass(), failed.error());
                deliver(chain, index + 1);
                return;
            }
            int backoff = Backoff.seconds(retry, m.receiveCount);
            metrics.count(Result.RETRYING, failed.failureClass());
            services.ledger().record(Outcome.failed(m.eventId, failed.failureClass(), failed.error()));
            log(Logger.Level.INFO, m, "delivery failed (%s): %s; retry in %d s", failed.failureClass().label(),
                    failed.error(), backoff);
            // The rest of a FIFO group's batch goes back with it, so the group keeps its order.
            chain.messages.subList(index, chain.messages.size()).forEach(rest -> release(rest, backoff));
        }
    }

    private void pause(Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        if (until - pausedUntilNanos > 0) {
            pausedUntilNanos = until;
        }
    }

    private void recordThenDelete(InFlightMessage m, Outcome outcome) {
        services.ledger().record(outcome).whenComplete((committed, error) -> {
            if (error == null) {
                delete(m);
            } else {
                // Not recorded: the message comes back after its visibility timeout and is handled again.
                log(Logger.Level.WARN, m, "outcome %s not recorded (%s); the message will be redelivered",
                        outcome.status() != null ? outcome.status().label() : "failure", error.getMessage());
                finish(m);
            }
        });
    }

    private void poison(InFlightMessage m, String reason) {
        deadLetter(m, 0, FailureClass.POISON, reason);
    }

    private void deadLetter(InFlightMessage m, int attempts, FailureClass failureClass, String error) {
        metrics.count(Result.DEAD_LETTERED, failureClass);
        if (m.eventId != null) {
            services.ledger().record(Outcome.deadLettered(m.eventId, attempts, failureClass, error));
        }
        log(Logger.Level.WARN, m, "dead-lettered after %d receives (%s): %s", m.receiveCount, failureClass.label(), error);
        services.blocking().execute(() -> moveToDeadLetterQueue(m));
    }

    private void moveToDeadLetterQueue(InFlightMessage m) {
        if (halted || m.isFinished()) {
            return;
        }
        try {
            String dlqUrl = services.queues().url(source.deadLetterQueueName());
            SendMessageBatchResponse sent = services.queues().client().sendMessageBatch(r -> r.queueUrl(dlqUrl)
                    .entries(MessageCopy.entry("0", m.message, fifo)));
            if (!sent.failed().isEmpty()) {
                throw SdkException.create(sent.failed().get(0).message(), null);
            }
            delete(m);
        } catch (SdkException e) {
            int backoff = Backoff.seconds(retry, m.receiveCount);
            log(Logger.Level.WARN, m, "not moved to the DLQ (%s); back on the queue in %d s, where the redrive policy "
                    + "catches it once its receives run out", e.getMessage(), backoff);
            release(m, backoff);
        }
    }

    private void delete(InFlightMessage m) {
        if (finish(m)) {
            services.actions().delete(queueUrl(), m.message.receiptHandle());
        }
    }

    private void release(InFlightMessage m, int visibleInSeconds) {
        if (finish(m)) {
            services.actions().changeVisibility(queueUrl(), m.message.receiptHandle(), visibleInSeconds);
        }
    }

    private boolean finish(InFlightMessage m) {
        if (!m.finish()) {
            return false;
        }
        inFlight.remove(m);
        permits.release();
        return true;
    }

    /** Keeps messages invisible while they are still being worked on (slow sink, held while paused). */
    private void extendVisibility() {
        long now = System.nanoTime();
        long half = TimeUnit.SECONDS.toNanos(visibilitySeconds) / 2;
        for (InFlightMessage m : inFlight) {
            if (now - m.visibleSinceNanos >= half && !m.isFinished() && !halted) {
                m.visibleSinceNanos = now;
                services.actions().changeVisibility(queueUrl(), m.message.receiptHandle(), visibilitySeconds);
            }
        }
    }

    private static BigDecimal max(BigDecimal a, BigDecimal b) {
        if (a == null) {
            return b;
        }
        return b == null || a.compareTo(b) >= 0 ? a : b;
    }

    private void log(Logger.Level level, InFlightMessage m, String format, Object... args) {
        if (!LOG.isEnabled(level)) {
            return;
        }
        MDC.put("source", source.name());
        MDC.put("attempt", m.receiveCount);
        if (m.eventId != null) {
            MDC.put("event_id", m.eventId.toString());
        }
        String traceparent = m.traceparent();
        if (traceparent != null && traceparent.length() >= 35) {
            MDC.put("trace_id", TraceContext.traceId(traceparent));
        }
        try {
            LOG.logf(level, format, args);
        } finally {
            MDC.remove("source");
            MDC.remove("attempt");
            MDC.remove("event_id");
            MDC.remove("trace_id");
        }
    }

    /** Stops polling, lets deliveries in flight finish (up to the grace period), releases what is left. */
    void close() {
        running = false;
        long pollWaitMillis = services.settings().pollWait().toMillis() + 2_000;
        for (Thread poller : pollers) {
            try {
                poller.join(pollWaitMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Held for a paused sink: no use waiting for them.
        inFlight.stream().filter(m -> m.held).forEach(m -> release(m, 0));
        long deadline = System.nanoTime() + services.settings().shutdownGrace().toNanos();
        while (!inFlight.isEmpty() && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        inFlight.forEach(m -> release(m, 0));
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        sink.close();
    }

    /** As if the process died: nothing more is acknowledged, released or extended. */
    void halt() {
        halted = true;
        running = false;
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        sink.close();
    }
}
