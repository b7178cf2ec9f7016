package io.hookwarden.runtime.worker;

import io.hookwarden.runtime.store.DeliveryOutcome;
import io.hookwarden.runtime.store.Events;
import io.hookwarden.runtime.worker.task.OutcomeRecorder;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;


/**
 * Records delivery outcomes through {@link Events#recordOutcomes}. Outcomes from all consumers are written together, one transaction per round, so a busy worker
 * costs PostgreSQL a few statements per hundreds of deliveries. A future completes once its
 * outcome is committed; a worker deletes a delivered message only then.
 */
final class DeliveryLedger implements OutcomeRecorder, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DeliveryLedger.class);
    private static final int MAX_ROUND = 1000;

    private record Pending(DeliveryOutcome outcome, CompletableFuture<Void> committed) {
    }

    private final Events events;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean running = true;

    DeliveryLedger(Events events) {
        this.events = events;
        this.writer = new Thread(this::writeLoop, "hookwarden-delivery-ledger");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    @Override
    public CompletableFuture<Void> record(DeliveryOutcome outcome) {
        Pending pending = new Pending(outcome, new CompletableFuture<>());
        queue.add(pending);
        return pending.committed;
    }

    private void writeLoop() {
        List<Pending> round = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                round.add(first);
                queue.drainTo(round, MAX_ROUND - 1);
                events.recordOutcomes(round.stream().map(Pending::outcome).toList());
                round.forEach(p -> p.committed.complete(null));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException e) {
                LOG.warnf("delivery outcomes of %d messages not recorded: %s", round.size(), e.getMessage());
                round.forEach(p -> p.committed.completeExceptionally(e));
            } finally {
                round.clear();
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
