package io.hookwarden.runtime.worker.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookwarden.runtime.store.DeliveryOutcome;
import io.hookwarden.runtime.worker.SinkOutcome;
import java.time.Instant;
import io.hookwarden.runtime.worker.task.TaskFixture.RecordingActions;
import io.hookwarden.runtime.worker.task.TaskFixture.RecordingLedger;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InFlightTest {
    private final RecordingActions actions = new RecordingActions();
    private final RecordingLedger ledger = new RecordingLedger();
    private final ConsumerState running = new ConsumerState();

    private InFlight inFlight(int slots) {
        running.start();
        return new InFlight(slots, actions, ledger, () -> TaskFixture.QUEUE_URL, new DeliveryLog("test"));
    }

    @Test
    void aMessageIsFinishedOnceHoweverOftenItIsDeletedOrReleased() throws InterruptedException {
        InFlight inFlight = inFlight(1);
        assertThat(inFlight.acquireSlots(running)).isEqualTo(1);
        InFlightMessage m = TaskFixture.ready(inFlight, 1);

        inFlight.delete(m);
        inFlight.release(m, 5);
        inFlight.delete(m);

        assertThat(actions.actions).containsExactly("delete " + TaskFixture.handle(m));
        assertThat(inFlight.messages()).isEmpty();
        assertThat(inFlight.acquireSlots(running)).as("its one slot is free again, once").isEqualTo(1);
    }

    @Test
    void slotsHandedOutAreAtMostTheConcurrencyAndTenPerReceive() throws InterruptedException {
        assertThat(inFlight(3).acquireSlots(running)).isEqualTo(3);
        assertThat(inFlight(25).acquireSlots(running)).isEqualTo(10);
    }

    @Test
    void aBusyConsumerWaitsBrieflyForAFullReceiveRatherThanTakingSlotsOneByOne() throws InterruptedException {
        InFlight inFlight = inFlight(10);
        assertThat(inFlight.acquireSlots(running)).isEqualTo(10);
        ScheduledExecutorService deliveries = Executors.newSingleThreadScheduledExecutor();
        try {
            // The ten deliveries in flight finish one after another, a millisecond apart.
            for (int i = 0; i < 10; i++) {
                deliveries.schedule(() -> inFlight.returnSlots(1), 5 + i, TimeUnit.MILLISECONDS);
            }
            assertThat(inFlight.acquireSlots(running)).as("one receive of ten, not ten receives of one").isEqualTo(10);
        } finally {
            deliveries.shutdownNow();
        }
    }

    @Test
    void noSlotIsWaitedForOnceTheConsumerStops() throws InterruptedException {
        InFlight inFlight = inFlight(1);
        inFlight.acquireSlots(running);
        running.stop();
        assertThat(inFlight.acquireSlots(running)).isZero();
    }

    @Test
    void aDeliveredMessageIsDeletedOnlyAfterItsOutcomeIsCommitted() {
        InFlight inFlight = inFlight(1);
        InFlightMessage m = TaskFixture.ready(inFlight, 1);
        ledger.holdCommits = true;

        inFlight.deleteWhenRecorded(m, DeliveryOutcome.delivered(m.eventId, new SinkOutcome.Accepted(200).attempt(Instant.now()), null));
        assertThat(actions.actions).isEmpty();

        ledger.pending.get(0).complete(null);
        assertThat(actions.actions).containsExactly("delete " + TaskFixture.handle(m));
    }

    @Test
    void anOutcomeNotCommittedLeavesTheMessageOnTheQueueAndFreesItsSlot() throws InterruptedException {
        InFlight inFlight = inFlight(1);
        inFlight.acquireSlots(running);
        InFlightMessage m = TaskFixture.ready(inFlight, 1);
        ledger.holdCommits = true;

        inFlight.deleteWhenRecorded(m, DeliveryOutcome.delivered(m.eventId, new SinkOutcome.Accepted(200).attempt(Instant.now()), null));
        ledger.pending.get(0).completeExceptionally(new java.sql.SQLException("connection refused"));

        assertThat(actions.actions).as("no delete: it comes back after its visibility timeout").isEmpty();
        assertThat(m.isFinished()).isTrue();
        assertThat(inFlight.acquireSlots(running)).isEqualTo(1);
    }
}
