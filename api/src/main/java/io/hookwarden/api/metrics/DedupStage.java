package io.hookwarden.api.metrics;

import io.hookwarden.api.WireValue;

/** The {@code stage} label of {@code hookwarden_dedup_hits_total}: where an already delivered event was skipped. */
public enum DedupStage implements WireValue {
    WORKER,
    REPLAY
}
