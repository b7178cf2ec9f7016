package io.hookwarden.runtime.worker;

import io.hookwarden.runtime.outbox.SqsQueues;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/** What every source's consumer shares within one worker. */
record WorkerServices(SqsQueues queues, EventRows rows, DeliveryLedger ledger, MessageActions actions,
        ScheduledExecutorService scheduler, ExecutorService blocking, Vertx vertx, MeterRegistry meters,
        WorkerSettings settings) {
}
