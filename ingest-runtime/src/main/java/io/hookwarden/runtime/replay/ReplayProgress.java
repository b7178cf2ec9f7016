package io.hookwarden.runtime.replay;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Counts of one replay or requeue as it goes; read by the CLI's progress lines and the admin API. */
public final class ReplayProgress {
    public enum State {
        RUNNING, DONE, FAILED
    }

    private final String id;
    final AtomicLong requeued = new AtomicLong();
    final AtomicLong alreadyDelivered = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    private volatile State state = State.RUNNING;
    private volatile String error;
    private final boolean dryRun;

    public ReplayProgress(String id, boolean dryRun) {
        this.id = id;
        this.dryRun = dryRun;
    }

    public String id() {
        return id;
    }

    public State state() {
        return state;
    }

    public long requeued() {
        return requeued.get();
    }

    public long alreadyDelivered() {
        return alreadyDelivered.get();
    }

    public long skipped() {
        return skipped.get();
    }

    public long failed() {
        return failed.get();
    }

    void finish(String error) {
        this.error = error;
        this.state = error == null ? State.DONE : State.FAILED;
    }

    public String summary() {
        return (dryRun ? "would requeue " : "requeued ") + requeued + ", already delivered " + alreadyDelivered
                + ", skipped (filters) " + skipped + ", failed " + failed + (error != null ? "; stopped: " + error : "");
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", id);
        map.put("state", state.name().toLowerCase(java.util.Locale.ROOT));
        map.put("dry_run", dryRun);
        map.put("requeued", requeued.get());
        map.put("already_delivered", alreadyDelivered.get());
        map.put("skipped", skipped.get());
        map.put("failed", failed.get());
        if (error != null) {
            map.put("error", error);
        }
        return map;
    }
}
