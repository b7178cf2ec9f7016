package io.hookwarden.runtime.worker.task;

import io.hookwarden.api.metrics.DeliveryResult;
import io.hookwarden.api.metrics.FailureClass;
import io.hookwarden.api.v1alpha1.QueueType;
import io.hookwarden.api.v1alpha1.RetryPolicy;
import io.hookwarden.runtime.config.Source;
import io.hookwarden.runtime.sqs.MessageCopy;
import io.hookwarden.runtime.sqs.SqsQueues;
import io.hookwarden.runtime.store.DeliveryAttempt;
import io.hookwarden.runtime.store.DeliveryOutcome;
import io.hookwarden.runtime.worker.Backoff;
import io.hookwarden.runtime.worker.DeliveryMetrics;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Gives up on a message: records it dead-lettered, copies it to the source's DLQ and deletes it from
 * the main queue. If the copy fails it goes back to the main queue with backoff, where the redrive
 * policy catches it once its receives run out.
 */
public final class MoveToDeadLetterQueue {
    private final Source source;
    private final SqsQueues queues;
    private final InFlight inFlight;
    private final OutcomeRecorder ledger;
    private final DeliveryMetrics metrics;
    private final DeliveryLog log;
    private final Executor blocking;
    private final ConsumerState state;

    public MoveToDeadLetterQueue(Source source, SqsQueues queues, InFlight inFlight, OutcomeRecorder ledger,
            DeliveryMetrics metrics, DeliveryLog log, Executor blocking, ConsumerState state) {
        this.source = source;
        this.queues = queues;
        this.inFlight = inFlight;
        this.ledger = ledger;
        this.metrics = metrics;
        this.log = log;
        this.blocking = blocking;
        this.state = state;
    }

    /** A message that can never become a delivery: no attempt counted. */
    public void poison(InFlightMessage m, String reason) {
        deadLettered(m, null, FailureClass.POISON, reason);
    }

    /**
     * A message with no event of this source behind it (another source's, or none): moved, and no
     * row is written, since an event id it carries may be another source's.
     */
    public void refuse(InFlightMessage m, String reason) {
        deadLetter(m, FailureClass.POISON, reason);
    }

    /** After {@code lastAttempt} failed on the message's last allowed receive. */
    public void move(InFlightMessage m, DeliveryAttempt lastAttempt) {
        deadLettered(m, lastAttempt, lastAttempt.failureClass(), lastAttempt.error());
    }

    private void deadLettered(InFlightMessage m, DeliveryAttempt lastAttempt, FailureClass failureClass, String error) {
        if (m.eventId != null) {
            ledger.record(DeliveryOutcome.deadLettered(m.eventId, lastAttempt, failureClass, error));
        }
        deadLetter(m, failureClass, error);
    }

    private void deadLetter(InFlightMessage m, FailureClass failureClass, String error) {
        metrics.count(DeliveryResult.DEAD_LETTERED, failureClass);
        log.log(Logger.Level.WARN, m, "dead-lettered after %d receives (%s): %s", m.receiveCount, failureClass.wire(), error);
        blocking.execute(() -> copyThenDelete(m));
    }

    private void copyThenDelete(InFlightMessage m) {
        if (state.halted() || m.isFinished()) {
            return;
        }
        try {
            String dlqUrl = queues.url(source.deadLetterQueueName());
            SendMessageBatchResponse sent = queues.client().sendMessageBatch(r -> r.queueUrl(dlqUrl)
                    .entries(MessageCopy.entry("0", m.message, source.queueType() == QueueType.FIFO)));
            if (!sent.failed().isEmpty()) {
                throw SdkException.create(sent.failed().get(0).message(), null);
            }
            inFlight.delete(m);
        } catch (SdkException e) {
            RetryPolicy retry = source.spec().getSink().getRetry();
            int backoff = Backoff.seconds(retry, m.receiveCount);
            log.log(Logger.Level.WARN, m, "not moved to the DLQ (%s); back on the queue in %d s, where the redrive policy "
                    + "catches it once its receives run out", e.getMessage(), backoff);
            inFlight.release(m, backoff);
        }
    }
}
