package io.hookwarden.runtime.worker;

import io.hookwarden.runtime.sqs.SqsQueues;
import io.hookwarden.runtime.store.Events;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/** What every source's consumer shares within one worker. */
record WorkerServices(SqsQueues queues, Events events, DeliveryLedger ledger, BatchedMessageActions actions,
        ScheduledExecutorService scheduler, ExecutorService blocking, Vertx vertx, MeterRegistry meters,
        WorkerSettings settings) {
}
