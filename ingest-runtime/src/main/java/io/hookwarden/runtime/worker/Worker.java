package io.hookwarden.runtime.worker;

import io.hookwarden.runtime.config.Source;
import io.hookwarden.runtime.sqs.SqsQueues;
import io.hookwarden.runtime.store.Events;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import org.jboss.logging.Logger;

/** Delivers every source that has a sink: one consumer per source, sharing the ledger and SQS batching. */
public final class Worker implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Worker.class);
    private static final int ACTION_THREADS = 2;

    private final WorkerServices services;
    private final List<SourceConsumer> consumers = new ArrayList<>();

    public Worker(Collection<Source> sources, Events events, SqsQueues queues, Vertx vertx, MeterRegistry meters,
            WorkerSettings settings) {
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, daemon("hookwarden-worker-timer"));
        ExecutorService blocking = Executors.newCachedThreadPool(daemon("hookwarden-worker-io"));
        this.services = new WorkerServices(queues, events, new DeliveryLedger(events),
                new BatchedMessageActions(queues.client(), ACTION_THREADS), scheduler, blocking, vertx, meters, settings);
        for (Source source : sources) {
            if (source.spec().getSink() != null) {
                consumers.add(new SourceConsumer(source, services));
            } else {
                LOG.infof("source %s has no sink: its events are stored and queued only", source.name());
            }
        }
    }

    public void start() {
        consumers.forEach(SourceConsumer::start);
    }

    /** Stops taking messages, finishes deliveries in flight, records and acknowledges them. */
    @Override
    public void close() {
        consumers.parallelStream().forEach(SourceConsumer::close);
        services.scheduler().shutdownNow();
        services.ledger().close();
        services.actions().close();
        services.blocking().shutdown();
    }

    /** Stops at once, as a killed process would: messages in flight come back after their visibility timeout. */
    public void halt() {
        consumers.forEach(SourceConsumer::halt);
        services.scheduler().shutdownNow();
        services.blocking().shutdownNow();
        services.ledger().close();
        services.actions().close();
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
