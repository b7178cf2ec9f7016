package io.hookwarden.runtime.worker;

import io.hookwarden.api.metrics.Metric;
import io.hookwarden.api.metrics.MetricLabels;
import io.hookwarden.runtime.config.Source;
import io.hookwarden.runtime.worker.task.ConsumerState;
import io.hookwarden.runtime.worker.task.DeliverChain;
import io.hookwarden.runtime.worker.task.DeliveryLog;
import io.hookwarden.runtime.worker.task.ExtendVisibility;
import io.hookwarden.runtime.worker.task.HandleOutcome;
import io.hookwarden.runtime.worker.task.InFlight;
import io.hookwarden.runtime.worker.task.InFlightMessage;
import io.hookwarden.runtime.worker.task.MoveToDeadLetterQueue;
import io.hookwarden.runtime.worker.task.PollQueue;
import io.hookwarden.runtime.worker.task.ReadBatch;
import io.micrometer.core.instrument.Gauge;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Consumes one source's queue and delivers to its sink, as the tasks in {@code worker.task} do it:
 * pollers ({@link PollQueue}) hand batches to {@link ReadBatch}, which starts a {@link DeliverChain}
 * per message (per group in FIFO); {@link HandleOutcome} decides on each answer, {@link MoveToDeadLetterQueue}
 * gives up on a message, and {@link ExtendVisibility} keeps slow ones hidden. A message is deleted only
 * after the sink accepted it and PostgreSQL recorded it.
 */
final class SourceConsumer {
    private final Source source;
    private final WorkerServices services;
    private final SinkClient sink;
    private final ConsumerState state = new ConsumerState();
    private final InFlight inFlight;
    private final ReadBatch batches;
    private final ExtendVisibility heartbeatTask;
    private final int visibilitySeconds;
    private final List<Thread> pollers = new ArrayList<>();
    private ScheduledFuture<?> heartbeat;

    SourceConsumer(Source source, WorkerServices services) {
        this.source = source;
        this.services = services;
        this.sink = new SinkClient(services.vertx(), source, services.settings().maxRetryAfter());
        this.visibilitySeconds = source.spec().getQueue().effectiveVisibilityTimeoutSeconds();
        DeliveryMetrics metrics = new DeliveryMetrics(services.meters(), source);
        DeliveryLog log = new DeliveryLog(source.id());
        this.inFlight = new InFlight(source.spec().getSink().effectiveConcurrency(), services.actions(), services.ledger(),
                () -> services.queues().url(source.queueName()), log);
        MoveToDeadLetterQueue deadLetters = new MoveToDeadLetterQueue(source, services.queues(), inFlight, services.ledger(),
                metrics, log, services.blocking(), state);
        HandleOutcome outcomes = new HandleOutcome(source, inFlight, services.ledger(), metrics, log, deadLetters, state);
        DeliverChain chains = new DeliverChain(sink, outcomes, deadLetters, inFlight, metrics, log, services.scheduler(), state,
                source.spec().getSink().getRetry());
        this.batches = new ReadBatch(source, services.events(), inFlight, metrics, log, deadLetters, chains);
        this.heartbeatTask = new ExtendVisibility(inFlight, visibilitySeconds, state);
        Gauge.builder(Metric.WORKER_PAUSED.meterName(), state, s -> s.paused() ? 1 : 0)
                .description("1 while the source's consumer is paused by its sink's Retry-After")
                .tags(source.meterTags())
                .register(services.meters());
    }

    void start() {
        state.start();
        for (int i = 0; i < services.settings().pollers(); i++) {
            Thread poller = new Thread(new PollQueue(source, services.queues(), services.settings().pollWait(), inFlight, state,
                    batches::process), "hookwarden-worker-" + source.name() + "-" + i);
            poller.setDaemon(true);
            poller.start();
            pollers.add(poller);
        }
        if (visibilitySeconds > 0) {
            long every = heartbeatTask.periodMillis();
            heartbeat = services.scheduler().scheduleWithFixedDelay(heartbeatTask, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops polling, lets deliveries in flight finish (up to the grace period), releases what is left. */
    void close() {
        state.stop();
        long pollWaitMillis = services.settings().pollWait().toMillis() + 2_000;
        for (Thread poller : pollers) {
            try {
                poller.join(pollWaitMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Held for a paused sink: no use waiting for them.
        inFlight.messages().stream().filter(InFlightMessage::held).forEach(m -> inFlight.release(m, 0));
        long deadline = System.nanoTime() + services.settings().shutdownGrace().toNanos();
        while (!inFlight.messages().isEmpty() && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        inFlight.messages().forEach(m -> inFlight.release(m, 0));
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        sink.close();
    }

    /** As if the process died: nothing more is acknowledged, released or extended. */
    void halt() {
        state.halt();
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        sink.close();
    }
}
