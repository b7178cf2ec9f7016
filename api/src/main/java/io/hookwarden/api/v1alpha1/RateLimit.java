package io.hookwarden.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

public class RateLimit {
    @Required
    @Min(1)
    @JsonPropertyDescription("Sustained requests per second accepted for this source, in total across its ingest pods "
            + "(the operator gives each pod its share: the total divided by the replicas, or by autoscaling.maxReplicas).")
    private Integer requestsPerSecond;

    @Min(1)
    @JsonPropertyDescription("Requests accepted in a burst above the sustained rate, in total across the ingest pods. "
            + "Default: requestsPerSecond.")
    private Integer burst;

    public RateLimit() {
    }

    public RateLimit(int requestsPerSecond, Integer burst) {
        this.requestsPerSecond = requestsPerSecond;
        this.burst = burst;
    }

    public Integer getRequestsPerSecond() {
        return requestsPerSecond;
    }

    public void setRequestsPerSecond(Integer requestsPerSecond) {
        this.requestsPerSecond = requestsPerSecond;
    }

    public Integer getBurst() {
        return burst;
    }

    public void setBurst(Integer burst) {
        this.burst = burst;
    }

    @JsonIgnore
    public int effectiveBurst() {
        return burst != null ? burst : requestsPerSecond;
    }
}
