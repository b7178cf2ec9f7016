package io.hookwarden.runtime.config;

/** What this process was started to do (the command on its command line). */
public enum Mode {
    /** Embedded PostgreSQL and SQS; ingest, relay and workers in one process. */
    LOCAL,
    /** In a cluster: ingest and the outbox relay. */
    SERVE,
    /** In a cluster: workers delivering to sinks. */
    WORKER,
    /** The event console on the admin port: reads PostgreSQL, writes only to replay and requeue. */
    CONSOLE,
    /** One-shot command: put events back on their queue by id. */
    REQUEUE,
    /** One-shot command: re-enqueue events from the DLQ or PostgreSQL. */
    REPLAY;

    public boolean servesIngest() {
        return this == LOCAL || this == SERVE;
    }

    public boolean runsWorkers() {
        return this == LOCAL || this == WORKER;
    }

    /** Commands run once and exit: no HTTP server, no housekeeping. */
    public boolean isCommand() {
        return this == REQUEUE || this == REPLAY;
    }
}
