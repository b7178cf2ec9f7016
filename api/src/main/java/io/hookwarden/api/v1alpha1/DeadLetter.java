package io.hookwarden.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

public class DeadLetter {
    @Min(1)
    @Max(1000)
    @Default(Defaults.MAX_RECEIVE_COUNT)
    @JsonPropertyDescription("Receives after which SQS moves a message to the dead-letter queue.")
    private Integer maxReceiveCount;

    public Integer getMaxReceiveCount() {
        return maxReceiveCount;
    }

    public void setMaxReceiveCount(Integer maxReceiveCount) {
        this.maxReceiveCount = maxReceiveCount;
    }

    @JsonIgnore
    public int effectiveMaxReceiveCount() {
        return Defaults.intValue(maxReceiveCount, Defaults.MAX_RECEIVE_COUNT);
    }
}
