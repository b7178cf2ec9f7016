package io.hookwarden.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

public class QueueSpec {
    @Default(Defaults.QUEUE_TYPE)
    @ValidationRule(value = "self == oldSelf", message = "queue.type cannot change: SQS cannot convert a queue between standard and fifo")
    @JsonPropertyDescription("standard for throughput, fifo for per-entity ordering (needs orderingKey).")
    private QueueType type;

    @Pattern("^(/[^/]*)+$")
    @JsonPropertyDescription("JSON pointer into the body naming the entity, e.g. /id; the FIFO message group.")
    private String orderingKey;

    @Min(0)
    @Max(43200)
    @Default(Defaults.VISIBILITY_TIMEOUT_SECONDS)
    @JsonPropertyDescription("SQS visibility timeout of the main queue, in seconds.")
    private Integer visibilityTimeoutSeconds;

    private DeadLetter deadLetter = new DeadLetter();

    @Default(Defaults.DELETION_POLICY)
    @JsonPropertyDescription("Whether the queues are deleted with the WebhookSource.")
    private DeletionPolicy deletionPolicy;

    public QueueType getType() {
        return type;
    }

    public void setType(QueueType type) {
        this.type = type;
    }

    public String getOrderingKey() {
        return orderingKey;
    }

    public void setOrderingKey(String orderingKey) {
        this.orderingKey = orderingKey;
    }

    public Integer getVisibilityTimeoutSeconds() {
        return visibilityTimeoutSeconds;
    }

    public void setVisibilityTimeoutSeconds(Integer visibilityTimeoutSeconds) {
        this.visibilityTimeoutSeconds = visibilityTimeoutSeconds;
    }

    public DeadLetter getDeadLetter() {
        return deadLetter;
    }

    public void setDeadLetter(DeadLetter deadLetter) {
        this.deadLetter = deadLetter == null ? new DeadLetter() : deadLetter;
    }

    public DeletionPolicy getDeletionPolicy() {
        return deletionPolicy;
    }

    public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
        this.deletionPolicy = deletionPolicy;
    }

    @JsonIgnore
    public QueueType effectiveType() {
        return type != null ? type : QueueType.STANDARD;
    }

    @JsonIgnore
    public int effectiveVisibilityTimeoutSeconds() {
        return Defaults.intValue(visibilityTimeoutSeconds, Defaults.VISIBILITY_TIMEOUT_SECONDS);
    }

    @JsonIgnore
    public DeletionPolicy effectiveDeletionPolicy() {
        return deletionPolicy != null ? deletionPolicy : DeletionPolicy.valueOf(Defaults.DELETION_POLICY);
    }
}
