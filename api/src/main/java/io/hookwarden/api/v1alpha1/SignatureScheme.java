package io.hookwarden.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The signature schemes the ingest runtime verifies; the CRD rejects any other value. */
public enum SignatureScheme {
    /** hex(HMAC-SHA256(secret, ts + "." + body)) in X-Signature, X-Timestamp, X-Idempotency-Key. */
    @JsonProperty("hmac-sha256-v1")
    HMAC_SHA256_V1("hmac-sha256-v1");

    private final String wireName;

    SignatureScheme(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
