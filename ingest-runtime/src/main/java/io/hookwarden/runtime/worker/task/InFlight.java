package io.hookwarden.runtime.worker.task;

import io.hookwarden.runtime.sqs.SqsBatch;
import io.hookwarden.runtime.store.DeliveryOutcome;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * One source's received messages until each is finished (deleted or released) exactly once, and the
 * delivery slots they hold: a message takes a slot when it is asked for and gives it back when finished.
 */
public final class InFlight {
    /** Past this many, an outcome not recorded is forgotten and its event delivered again (at least once still holds). */
    static final int MAX_UNRECORDED = 100_000;

    private final Set<InFlightMessage> messages = ConcurrentHashMap.newKeySet();
    /**
     * Events the sink took whose outcome PostgreSQL could not record (it was down): when their
     * message comes back, the outcome is recorded again instead of the event being delivered again.
     */
    private final Map<UUID, DeliveryOutcome> unrecorded = new ConcurrentHashMap<>();
    private final Semaphore slots;
    private final int fullReceive;
    private final MessageActions actions;
    private final OutcomeRecorder ledger;
    private final Supplier<String> queueUrl;
    private final DeliveryLog log;

    public InFlight(int slots, MessageActions actions, OutcomeRecorder ledger, Supplier<String> queueUrl, DeliveryLog log) {
        this.slots = new Semaphore(slots);
        this.fullReceive = Math.min(SqsBatch.MAX_ENTRIES, slots);
        this.actions = actions;
        this.ledger = ledger;
        this.queueUrl = queueUrl;
        this.log = log;
    }

    /**
     * Blocks for one free slot, then waits a little for more, up to a full receive (ten, or the
     * concurrency when lower): a busy consumer frees its slots one delivery at a time, and taking
     * them one by one would cost an SQS receive (and a delete) per message. 0 once the consumer stops.
     */
    int acquireSlots(ConsumerState state) throws InterruptedException {
        while (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
            if (!state.running()) {
                return 0;
            }
        }
        int taken = 1;
        long fillBy = System.nanoTime() + SqsBatch.FILL_WAIT_NANOS;
        while (taken < fullReceive && slots.tryAcquire(Math.max(0, fillBy - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            taken++;
        }
        return taken;
    }

    /** Gives back slots no message came for. */
    void returnSlots(int unused) {
        slots.release(unused);
    }

    public InFlightMessage track(Message message) {
        InFlightMessage m = new InFlightMessage(message, System.nanoTime());
        messages.add(m);
        return m;
    }

    public Collection<InFlightMessage> messages() {
        return messages;
    }

    public void delete(InFlightMessage m) {
        if (finish(m)) {
            actions.delete(queueUrl.get(), m.message.receiptHandle());
        }
    }

    /** Back on the queue, visible again after {@code visibleInSeconds}. */
    public void release(InFlightMessage m, int visibleInSeconds) {
        if (finish(m)) {
            actions.changeVisibility(queueUrl.get(), m.message.receiptHandle(), visibleInSeconds);
        }
    }

    /** Keeps a message hidden for another {@code seconds}; it stays in flight. */
    void extendVisibility(InFlightMessage m, int seconds) {
        actions.changeVisibility(queueUrl.get(), m.message.receiptHandle(), seconds);
    }

    /** Deletes the message once its outcome is committed; if it is not, the message comes back and is handled again. */
    public void deleteWhenRecorded(InFlightMessage m, DeliveryOutcome outcome) {
        ledger.record(outcome).whenComplete((committed, error) -> {
            if (error == null) {
                unrecorded.remove(outcome.eventId());
                delete(m);
            } else {
                if (outcome.status() != null && outcome.status().isFinished() && unrecorded.size() < MAX_UNRECORDED) {
                    unrecorded.put(outcome.eventId(), outcome);
                }
                log.log(Logger.Level.WARN, m, "outcome %s not recorded (%s); the message will be redelivered",
                        outcome.status() != null ? outcome.status().label() : "failure", error.getMessage());
                finish(m);
            }
        });
    }

    /** The outcome of an event that reached its end here but could not be recorded; null when there is none. */
    public DeliveryOutcome unrecordedOutcome(UUID eventId) {
        return unrecorded.get(eventId);
    }

    /** True only for the first caller: the message leaves and its slot is free again. */
    public boolean finish(InFlightMessage m) {
        if (!m.finish()) {
            return false;
        }
        messages.remove(m);
        slots.release();
        return true;
    }
}
