package io.hookwarden.runtime.worker;

import io.hookwarden.runtime.sqs.SqsBatch;
import io.hookwarden.runtime.worker.task.MessageActions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;

/**
 * Deletes and visibility changes, sent as SQS batches of up to 10 by a few threads (a sender waits
 * up to {@link SqsBatch#FILL_WAIT_NANOS} for a batch to fill). Callers never
 * wait: a delete that fails leaves the message to come back, where it is seen as a duplicate; a
 * visibility change that fails leaves the queue's own timeout in force.
 */
final class BatchedMessageActions implements MessageActions, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BatchedMessageActions.class);

    /** @param visibilitySeconds null for a delete */
    private record Action(String queueUrl, String receiptHandle, Integer visibilitySeconds) {
    }

    /** Actions taken from the queue per round, grouped into batches of ten per queue and kind. */
    private static final int ROUND = 10 * SqsBatch.MAX_ENTRIES;

    private final SqsClient sqs;
    private final BlockingQueue<Action> queue = new LinkedBlockingQueue<>();
    private final List<Thread> senders = new ArrayList<>();
    private volatile boolean running = true;

    BatchedMessageActions(SqsClient sqs, int threads) {
        this.sqs = sqs;
        for (int i = 0; i < threads; i++) {
            Thread sender = new Thread(this::sendLoop, "hookwarden-message-actions-" + i);
            sender.setDaemon(true);
            sender.start();
            senders.add(sender);
        }
    }

    @Override
    public void delete(String queueUrl, String receiptHandle) {
        queue.add(new Action(queueUrl, receiptHandle, null));
    }

    @Override
    public void changeVisibility(String queueUrl, String receiptHandle, int seconds) {
        queue.add(new Action(queueUrl, receiptHandle, seconds));
    }

    private void sendLoop() {
        List<Action> round = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Action first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                round.add(first);
                fill(round);
                Map<Action, List<Action>> groups = new LinkedHashMap<>();
                for (Action action : round) {
                    // Grouped by queue and kind: deletes together, visibility changes together.
                    Action key = new Action(action.queueUrl, null, action.visibilitySeconds == null ? null : -1);
                    groups.computeIfAbsent(key, k -> new ArrayList<>()).add(action);
                }
                groups.forEach((key, actions) -> {
                    for (int from = 0; from < actions.size(); from += SqsBatch.MAX_ENTRIES) {
                        send(key.queueUrl, key.visibilitySeconds == null, actions.subList(from, Math.min(actions.size(), from + SqsBatch.MAX_ENTRIES)));
                    }
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                round.clear();
            }
        }
    }

    /** Adds what is queued to the round, waiting briefly for a full batch when there is less. */
    private void fill(List<Action> round) throws InterruptedException {
        queue.drainTo(round, ROUND - round.size());
        long fillBy = System.nanoTime() + SqsBatch.FILL_WAIT_NANOS;
        while (round.size() < SqsBatch.MAX_ENTRIES) {
            Action next = queue.poll(Math.max(0, fillBy - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            round.add(next);
            queue.drainTo(round, ROUND - round.size());
        }
    }

    private void send(String queueUrl, boolean delete, List<Action> batch) {
        try {
            List<BatchResultErrorEntry> failed;
            if (delete) {
                List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(batch.size());
                for (int i = 0; i < batch.size(); i++) {
                    entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                            .receiptHandle(batch.get(i).receiptHandle).build());
                }
                failed = sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(entries)).failed();
            } else {
                List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>(batch.size());
                for (int i = 0; i < batch.size(); i++) {
                    entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                            .receiptHandle(batch.get(i).receiptHandle).visibilityTimeout(batch.get(i).visibilitySeconds).build());
                }
                failed = sqs.changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl).entries(entries)).failed();
            }
            if (!failed.isEmpty()) {
                LOG.debugf("SQS refused %d of %d %s on %s: %s", failed.size(), batch.size(),
                        delete ? "deletes" : "visibility changes", queueUrl, failed.get(0).message());
            }
        } catch (SdkException e) {
            LOG.warnf("%d %s on %s not sent: %s", batch.size(), delete ? "deletes" : "visibility changes", queueUrl,
                    e.getMessage());
        }
    }

    /** Sends what is queued, then stops. */
    @Override
    public void close() {
        running = false;
        for (Thread sender : senders) {
            try {
                sender.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
