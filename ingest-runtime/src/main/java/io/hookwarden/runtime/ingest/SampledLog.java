package io.hookwarden.runtime.ingest;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * At most one log line per subject per interval, with how many were left out since the last one: refusals are counted
 * in metrics, and a flood of them must not become a flood of log lines.
 */
final class SampledLog {
    /** Returned by {@link #admit} when this line is left out. */
    static final long SUPPRESSED = -1;

    private final long intervalNanos;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    SampledLog(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    /** How many lines of this subject were left out before this one, or {@link #SUPPRESSED} to leave it out. */
    long admit(String subject, long nowNanos) {
        Window window = windows.computeIfAbsent(subject, ignored -> new Window(nowNanos - intervalNanos));
        long last = window.lastLogged.get();
        if (nowNanos - last >= intervalNanos && window.lastLogged.compareAndSet(last, nowNanos)) {
            return window.leftOut.getAndSet(0);
        }
        window.leftOut.incrementAndGet();
        return SUPPRESSED;
    }

    private static final class Window {
        final AtomicLong lastLogged;
        final AtomicLong leftOut = new AtomicLong();

        Window(long lastLogged) {
            this.lastLogged = new AtomicLong(lastLogged);
        }
    }
}
