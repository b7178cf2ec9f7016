package io.hookwarden.runtime.worker.task;

import io.hookwarden.api.metrics.DeliveryResult;
import io.hookwarden.api.v1alpha1.RetryPolicy;
import io.hookwarden.runtime.store.DeliveryOutcome;
import io.hookwarden.runtime.worker.Backoff;
import io.hookwarden.runtime.worker.DeliveryMetrics;
import io.hookwarden.runtime.worker.PoisonMessageException;
import io.hookwarden.runtime.worker.SinkClient;
import java.math.BigDecimal;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * FIFO chaining: delivers a chain's messages one after the other, each only once the one before it
 * is answered. A message older than what its entity already has (version guard) is superseded, not
 * delivered.
 */
public final class DeliverChain {
    private final SinkClient sink;
    private final HandleOutcome outcomes;
    private final MoveToDeadLetterQueue deadLetters;
    private final InFlight inFlight;
    private final DeliveryMetrics metrics;
    private final DeliveryLog log;
    private final ScheduledExecutorService scheduler;
    private final ConsumerState state;
    private final RetryPolicy retry;

    public DeliverChain(SinkClient sink, HandleOutcome outcomes, MoveToDeadLetterQueue deadLetters, InFlight inFlight,
            DeliveryMetrics metrics, DeliveryLog log, ScheduledExecutorService scheduler, ConsumerState state,
            RetryPolicy retry) {
        this.sink = sink;
        this.outcomes = outcomes;
        this.deadLetters = deadLetters;
        this.inFlight = inFlight;
        this.metrics = metrics;
        this.log = log;
        this.scheduler = scheduler;
        this.state = state;
        this.retry = retry;
    }

    public void start(Chain chain) {
        deliver(chain, 0);
    }

    private void deliver(Chain chain, int index) {
        if (state.halted() || index >= chain.messages.size()) {
            return;
        }
        if (!state.running()) {
            chain.from(index).forEach(m -> inFlight.release(m, 0));
            return;
        }
        InFlightMessage m = chain.messages.get(index);
        BigDecimal newest = Chain.max(m.row.deliveredVersion(), chain.deliveredVersion);
        if (m.version != null && newest != null && m.version.compareTo(newest) < 0) {
            metrics.count(DeliveryResult.SUPERSEDED, null);
            log.log(Logger.Level.INFO, m, "superseded: version %s is older than %s, already delivered for entity %s",
                    m.version, newest, m.row.orderingKey());
            inFlight.deleteWhenRecorded(m, DeliveryOutcome.superseded(m.eventId));
            deliver(chain, index + 1);
            return;
        }
        long start = System.nanoTime();
        try {
            sink.deliver(m).thenAccept(outcome -> answered(chain, index, outcome, start)).exceptionally(bug -> {
                // Never leave a message held (and its visibility extended) by a failure of our own.
                log.error(bug, "handling the delivery of a message failed");
                chain.from(index).forEach(rest -> inFlight.release(rest, Backoff.seconds(retry, rest.receiveCount)));
                return null;
            });
        } catch (PoisonMessageException e) {
            deadLetters.poison(m, e.getMessage());
            deliver(chain, index + 1);
        }
    }

    private void answered(Chain chain, int index, io.hookwarden.runtime.worker.SinkOutcome outcome, long start) {
        if (state.halted()) {
            return;
        }
        HandleOutcome.Next next = outcomes.handle(chain, index, outcome, start);
        if (next instanceof HandleOutcome.Next.Continue) {
            deliver(chain, index + 1);
        } else if (next instanceof HandleOutcome.Next.RetryLater later) {
            InFlightMessage m = chain.messages.get(index);
            scheduler.schedule(() -> {
                m.held = false;
                deliver(chain, index);
            }, later.delayNanos(), TimeUnit.NANOSECONDS);
        }
    }
}
