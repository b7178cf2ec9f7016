package io.hookwarden.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import java.time.Duration;

/** How long finished events (raw bodies included) stay in PostgreSQL; events not yet delivered are never pruned. */
public class Retention {
    @Pattern(Idempotency.DURATION_PATTERN)
    @Default(Defaults.DELIVERED_RETENTION)
    @JsonPropertyDescription("How long delivered and superseded events are kept (replayable from the store), e.g. 7d, 48h.")
    private String delivered;

    @Pattern(Idempotency.DURATION_PATTERN)
    @Default(Defaults.DEAD_LETTER_RETENTION)
    @JsonPropertyDescription("How long dead-lettered events are kept, e.g. 14d (what SQS keeps on the dead-letter queue).")
    private String deadLetters;

    public String getDelivered() {
        return delivered;
    }

    public void setDelivered(String delivered) {
        this.delivered = delivered;
    }

    public String getDeadLetters() {
        return deadLetters;
    }

    public void setDeadLetters(String deadLetters) {
        this.deadLetters = deadLetters;
    }

    @JsonIgnore
    public Duration effectiveDelivered() {
        return Idempotency.parseDuration(delivered != null ? delivered : Defaults.DELIVERED_RETENTION);
    }

    @JsonIgnore
    public Duration effectiveDeadLetters() {
        return Idempotency.parseDuration(deadLetters != null ? deadLetters : Defaults.DEAD_LETTER_RETENTION);
    }
}
