package io.hookwarden.runtime.worker.task;

import io.hookwarden.api.metrics.DeliveryResult;
import io.hookwarden.api.metrics.FailureClass;
import io.hookwarden.api.v1alpha1.RetryPolicy;
import io.hookwarden.runtime.config.Source;
import io.hookwarden.runtime.store.DeliveryAttempt;
import io.hookwarden.runtime.store.DeliveryOutcome;
import io.hookwarden.runtime.store.EntityVersion;
import io.hookwarden.runtime.worker.Backoff;
import io.hookwarden.runtime.worker.DeliveryMetrics;
import io.hookwarden.runtime.worker.SinkOutcome;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * What one delivery attempt's answer means for its message and the rest of its chain: delivered
 * (recorded, then deleted), throttled (the source pauses, the message is held and tried again),
 * or failed (back on the queue with backoff, or to the DLQ on its last allowed receive).
 */
public final class HandleOutcome {
    /** What the chain does next. */
    public sealed interface Next {
        /** Go on with the message after this one. */
        record Continue() implements Next {
        }

        /** Try this message again after {@code delayNanos} (held meanwhile). */
        record RetryLater(long delayNanos) implements Next {
        }

        /** The rest of the chain went back to the queue with this message. */
        record Stop() implements Next {
        }
    }

    private final Source source;
    private final int maxReceives;
    private final RetryPolicy retry;
    private final InFlight inFlight;
    private final OutcomeRecorder ledger;
    private final DeliveryMetrics metrics;
    private final DeliveryLog log;
    private final MoveToDeadLetterQueue deadLetters;
    private final ConsumerState state;

    public HandleOutcome(Source source, InFlight inFlight, OutcomeRecorder ledger, DeliveryMetrics metrics, DeliveryLog log,
            MoveToDeadLetterQueue deadLetters, ConsumerState state) {
        this.source = source;
        this.maxReceives = source.spec().getQueue().getDeadLetter().effectiveMaxReceiveCount();
        this.retry = source.spec().getSink().getRetry();
        this.inFlight = inFlight;
        this.ledger = ledger;
        this.metrics = metrics;
        this.log = log;
        this.deadLetters = deadLetters;
        this.state = state;
    }

    public Next handle(Chain chain, int index, SinkOutcome outcome, long startNanos) {
        InFlightMessage m = chain.messages.get(index);
        metrics.attempted(startNanos);
        DeliveryAttempt attempt = outcome.attempt(Instant.now());
        if (outcome instanceof SinkOutcome.Accepted) {
            metrics.count(DeliveryResult.DELIVERED, null);
            log.log(Logger.Level.DEBUG, m, "delivered");
            chain.deliveredVersion = Chain.max(chain.deliveredVersion, m.version);
            EntityVersion version = m.version != null && m.row.orderingKey() != null
                    ? new EntityVersion(source.id(), m.row.orderingKey(), m.version) : null;
            inFlight.deleteWhenRecorded(m, DeliveryOutcome.delivered(m.eventId, attempt, version));
            return new Next.Continue();
        }
        if (outcome instanceof SinkOutcome.Throttled throttled) {
            m.throttles++;
            Duration wait = throttled.retryAfter() != null ? throttled.retryAfter()
                    : Duration.ofSeconds(Math.max(1, Backoff.seconds(retry, m.throttles)));
            metrics.count(DeliveryResult.THROTTLED, FailureClass.RATE_LIMITED);
            ledger.record(DeliveryOutcome.failed(m.eventId, attempt));
            state.pause(wait);
            log.log(Logger.Level.INFO, m, "sink asks to slow down (%s): source paused for %d s, the event is held and retried",
                    throttled.error(), wait.toSeconds());
            m.held = true;
            return new Next.RetryLater(state.pauseLeftNanos());
        }
        SinkOutcome.Failed failed = (SinkOutcome.Failed) outcome;
        if (m.receiveCount >= maxReceives) {
            deadLetters.move(m, attempt);
            return new Next.Continue();
        }
        int backoff = Backoff.seconds(retry, m.receiveCount);
        metrics.count(DeliveryResult.RETRYING, failed.failureClass());
        ledger.record(DeliveryOutcome.failed(m.eventId, attempt));
        log.log(Logger.Level.INFO, m, "delivery failed (%s): %s; retry in %d s", failed.failureClass().wire(),
                failed.error(), backoff);
        // The rest of a FIFO group's batch goes back with it, so the group keeps its order.
        chain.from(index).forEach(rest -> inFlight.release(rest, backoff));
        return new Next.Stop();
    }
}
