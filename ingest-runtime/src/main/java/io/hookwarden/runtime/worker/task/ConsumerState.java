package io.hookwarden.runtime.worker.task;

import java.time.Duration;

/** Whether a source's consumer runs, was halted (as if killed), or is paused by its sink's Retry-After. */
public final class ConsumerState {
    private volatile long pausedUntilNanos = System.nanoTime();
    private volatile boolean running;
    private volatile boolean halted;

    public void start() {
        running = true;
    }

    public void stop() {
        running = false;
    }

    /** Nothing more is acknowledged, released or extended. */
    public void halt() {
        halted = true;
        running = false;
    }

    public boolean running() {
        return running;
    }

    public boolean halted() {
        return halted;
    }

    public boolean paused() {
        return System.nanoTime() - pausedUntilNanos < 0;
    }

    /** How long the pause still lasts, 0 when not paused. */
    public long pauseLeftNanos() {
        return Math.max(0, pausedUntilNanos - System.nanoTime());
    }

    /** Pauses for at least {@code wait}; a longer pause already running is kept. */
    public void pause(Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        if (until - pausedUntilNanos > 0) {
            pausedUntilNanos = until;
        }
    }
}
