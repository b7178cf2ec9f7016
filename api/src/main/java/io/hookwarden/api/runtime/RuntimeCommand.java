package io.hookwarden.api.runtime;

import io.hookwarden.api.WireValue;

/** The command a runtime process is started with, its first argument ({@link #wire()}: {@code serve}, {@code worker}, ...). */
public enum RuntimeCommand implements WireValue {
    /** Embedded PostgreSQL and SQS; ingest, relay and workers in one process. */
    LOCAL,
    /** In a cluster: ingest and the outbox relay. */
    SERVE,
    /** In a cluster: workers delivering to sinks. */
    WORKER,
    /** In a cluster: the event console on the admin port (reads PostgreSQL; writes only to replay and requeue). */
    CONSOLE,
    /** One-shot: put events back on their queue by id. */
    REQUEUE,
    /** One-shot: re-enqueue events from the DLQ or PostgreSQL. */
    REPLAY
}
