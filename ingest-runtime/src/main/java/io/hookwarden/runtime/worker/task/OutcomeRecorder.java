package io.hookwarden.runtime.worker.task;

import io.hookwarden.runtime.store.DeliveryOutcome;
import java.util.concurrent.CompletableFuture;

/** Where delivery outcomes go; the future completes once the outcome is committed. */
public interface OutcomeRecorder {
    CompletableFuture<Void> record(DeliveryOutcome outcome);
}
