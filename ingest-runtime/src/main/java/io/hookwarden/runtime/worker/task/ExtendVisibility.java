package io.hookwarden.runtime.worker.task;

import java.util.concurrent.TimeUnit;

/**
 * The visibility heartbeat: keeps messages invisible while they are still being worked on (slow
 * sink, held while paused), extending each once half its visibility timeout has passed.
 */
public final class ExtendVisibility implements Runnable {
    private final InFlight inFlight;
    private final int visibilitySeconds;
    private final ConsumerState state;

    public ExtendVisibility(InFlight inFlight, int visibilitySeconds, ConsumerState state) {
        this.inFlight = inFlight;
        this.visibilitySeconds = visibilitySeconds;
        this.state = state;
    }

    /** How often the heartbeat runs: four times per visibility timeout, at most five times a second. */
    public long periodMillis() {
        return Math.max(200, visibilitySeconds * 1000L / 4);
    }

    @Override
    public void run() {
        long now = System.nanoTime();
        long half = TimeUnit.SECONDS.toNanos(visibilitySeconds) / 2;
        for (InFlightMessage m : inFlight.messages()) {
            if (now - m.visibleSinceNanos >= half && !m.isFinished() && !state.halted()) {
                m.visibleSinceNanos = now;
                inFlight.extendVisibility(m, visibilitySeconds);
            }
        }
    }
}
