package io.hookwarden.runtime.worker.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookwarden.runtime.worker.task.TaskFixture.RecordingActions;
import io.hookwarden.runtime.worker.task.TaskFixture.RecordingLedger;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExtendVisibilityTest {
    private final RecordingActions actions = new RecordingActions();
    private final InFlight inFlight = new InFlight(10, actions, new RecordingLedger(), () -> TaskFixture.QUEUE_URL,
            new DeliveryLog("test"));
    private final ConsumerState state = new ConsumerState();
    private final ExtendVisibility heartbeat = new ExtendVisibility(inFlight, 30, state);

    private InFlightMessage visibleFor(long seconds) {
        InFlightMessage m = TaskFixture.ready(inFlight, 1);
        m.visibleSinceNanos = System.nanoTime() - TimeUnit.SECONDS.toNanos(seconds);
        return m;
    }

    @Test
    void onlyMessagesPastHalfTheirVisibilityAreExtendedByAWholeTimeout() {
        InFlightMessage old = visibleFor(20);
        visibleFor(5);

        heartbeat.run();

        assertThat(actions.actions).containsExactly("visible " + TaskFixture.handle(old) + " 30");
        heartbeat.run();
        assertThat(actions.actions).as("extended now, so not again until half a timeout later").hasSize(1);
    }

    @Test
    void finishedMessagesAreNotExtended() {
        InFlightMessage done = visibleFor(20);
        done.finish();

        heartbeat.run();

        assertThat(actions.actions).isEmpty();
    }

    @Test
    void aHaltedConsumerExtendsNothing() {
        visibleFor(20);
        state.halt();

        heartbeat.run();

        assertThat(actions.actions).isEmpty();
    }

    @Test
    void itBeatsFourTimesPerTimeoutButAtMostFiveTimesASecond() {
        assertThat(heartbeat.periodMillis()).isEqualTo(7_500);
        assertThat(new ExtendVisibility(inFlight, 0, state).periodMillis()).isEqualTo(200);
    }
}
