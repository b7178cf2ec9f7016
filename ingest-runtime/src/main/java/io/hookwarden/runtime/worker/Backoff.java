package io.hookwarden.runtime.worker;

import io.hookwarden.api.v1alpha1.RetryPolicy;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with equal jitter: between half and all of initial * 2^(attempt-1), capped. */
public final class Backoff {
    private Backoff() {
    }

    /** Whole seconds, as SQS visibility timeouts take them. */
    public static int seconds(RetryPolicy retry, int attempt) {
        long initial = retry.effectiveInitialBackoffSeconds();
        long cap = retry.effectiveMaxBackoffSeconds();
        long base = Math.min(cap, initial << Math.min(Math.max(attempt - 1, 0), 30));
        if (base == 0) {
            return 0;
        }
        double jittered = base / 2.0 + ThreadLocalRandom.current().nextDouble() * base / 2.0;
        return (int) Math.min(cap, Math.ceil(jittered));
    }
}
