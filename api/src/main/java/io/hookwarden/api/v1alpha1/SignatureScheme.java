package io.hookwarden.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The signature schemes the ingest runtime verifies; the CRD rejects any other value. docs/signature-schemes.md
 * describes each one.
 */
public enum SignatureScheme {
    /** hex(HMAC-SHA256(secret, ts + "." + body)) in X-Signature, X-Timestamp, X-Idempotency-Key. */
    @JsonProperty("hmac-sha256-v1")
    HMAC_SHA256_V1("hmac-sha256-v1", Defaults.TOLERANCE_SECONDS),
    @JsonProperty("stripe")
    STRIPE("stripe", Defaults.TOLERANCE_SECONDS),
    @JsonProperty("slack")
    SLACK("slack", Defaults.TOLERANCE_SECONDS),
    @JsonProperty("github")
    GITHUB("github", null),
    @JsonProperty("hubspot-v3")
    HUBSPOT_V3("hubspot-v3", Defaults.TOLERANCE_SECONDS),
    @JsonProperty("hubspot-v2")
    HUBSPOT_V2("hubspot-v2", null),
    @JsonProperty("hubspot-v1")
    HUBSPOT_V1("hubspot-v1", null),
    @JsonProperty("shopify")
    SHOPIFY("shopify", null),
    @JsonProperty("standard-webhooks")
    STANDARD_WEBHOOKS("standard-webhooks", Defaults.TOLERANCE_SECONDS),
    /** A JWS bearer token; toleranceSeconds is the leeway on its exp, nbf and iat. */
    @JsonProperty("jwt")
    JWT("jwt", Defaults.JWT_CLOCK_SKEW_SECONDS);

    private final String wireName;
    private final String defaultToleranceSeconds;

    SignatureScheme(String wireName, String defaultToleranceSeconds) {
        this.wireName = wireName;
        this.defaultToleranceSeconds = defaultToleranceSeconds;
    }

    public String wireName() {
        return wireName;
    }

    /**
     * False for schemes whose producers sign no timestamp: a captured request stays valid forever, so
     * deduplication within the retention is the only replay defence and toleranceSeconds does not apply.
     */
    public boolean signsTimestamp() {
        return defaultToleranceSeconds != null;
    }

    /** The window (or for jwt the clock leeway) when toleranceSeconds is unset; 0 when none applies. */
    public int defaultToleranceSeconds() {
        return signsTimestamp() ? Integer.parseInt(defaultToleranceSeconds) : 0;
    }
}
