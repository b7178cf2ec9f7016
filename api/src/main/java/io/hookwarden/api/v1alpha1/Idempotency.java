package io.hookwarden.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import java.time.Duration;

public class Idempotency {
    /** Matches {@link IdempotencyKeySource#parse}. */
    public static final String KEY_FROM_PATTERN = "^(header:[A-Za-z0-9-]+|json:(/[^/]*)+|body-hash)$";
    public static final String DURATION_PATTERN = "^[1-9][0-9]*(s|m|h|d)$";

    @Pattern(KEY_FROM_PATTERN)
    @JsonPropertyDescription("Where the idempotency key comes from: 'header:<Name>', 'json:<JSON pointer>' or 'body-hash'. "
            + "Default: the scheme's own key, e.g. X-Idempotency-Key (hmac-sha256-v1), /id (stripe), X-GitHub-Delivery (github); "
            + "see docs/signature-schemes.md.")
    private String keyFrom;

    @Pattern(DURATION_PATTERN)
    @Default(Defaults.IDEMPOTENCY_RETENTION)
    @JsonPropertyDescription("How long a key is remembered, e.g. 72h, 30m, 7d.")
    private String retention;

    public String getKeyFrom() {
        return keyFrom;
    }

    public void setKeyFrom(String keyFrom) {
        this.keyFrom = keyFrom;
    }

    public String getRetention() {
        return retention;
    }

    public void setRetention(String retention) {
        this.retention = retention;
    }

    @JsonIgnore
    public Duration effectiveRetention() {
        return parseDuration(retention != null ? retention : Defaults.IDEMPOTENCY_RETENTION);
    }

    static Duration parseDuration(String text) {
        if (text == null || !text.matches(DURATION_PATTERN)) {
            throw new IllegalArgumentException("not a duration like 72h, 30m, 7d: " + text);
        }
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }
}
