package io.hookwarden.api.metrics;

import io.hookwarden.api.WireValue;

/** The {@code key} label of {@code hookwarden_signature_matches_total}: which of a source's secrets verified a request. */
public enum SignatureKey implements WireValue {
    CURRENT,
    /** Still accepted during a rotation; at 0 the rotation can finish. */
    PREVIOUS;

    /** @param secretIndex the matching secret's position, current first */
    public static SignatureKey ofSecretIndex(int secretIndex) {
        return secretIndex == 0 ? CURRENT : PREVIOUS;
    }
}
