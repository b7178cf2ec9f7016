package io.hookwarden.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(value = "!has(self.minReplicas) || self.minReplicas <= self.maxReplicas",
        message = "autoscaling.minReplicas must not exceed autoscaling.maxReplicas")
public class Autoscaling {
    @Min(1)
    @Max(100)
    @Default(Defaults.AUTOSCALING_MIN_REPLICAS)
    @JsonPropertyDescription("Fewest ingest pods the autoscaler keeps.")
    private Integer minReplicas;

    @Required
    @Min(1)
    @Max(100)
    @JsonPropertyDescription("Most ingest pods the autoscaler starts.")
    private Integer maxReplicas;

    @Min(1)
    @Max(100)
    @Default(Defaults.AUTOSCALING_TARGET_CPU_PERCENT)
    @JsonPropertyDescription("Average CPU use, in percent of the requested CPU, the autoscaler aims at.")
    private Integer targetCPUUtilizationPercentage;

    public Integer getMinReplicas() {
        return minReplicas;
    }

    public void setMinReplicas(Integer minReplicas) {
        this.minReplicas = minReplicas;
    }

    public Integer getMaxReplicas() {
        return maxReplicas;
    }

    public void setMaxReplicas(Integer maxReplicas) {
        this.maxReplicas = maxReplicas;
    }

    public Integer getTargetCPUUtilizationPercentage() {
        return targetCPUUtilizationPercentage;
    }

    public void setTargetCPUUtilizationPercentage(Integer targetCPUUtilizationPercentage) {
        this.targetCPUUtilizationPercentage = targetCPUUtilizationPercentage;
    }

    @JsonIgnore
    public int effectiveMinReplicas() {
        return Defaults.intValue(minReplicas, Defaults.AUTOSCALING_MIN_REPLICAS);
    }

    @JsonIgnore
    public int effectiveTargetCPUUtilizationPercentage() {
        return Defaults.intValue(targetCPUUtilizationPercentage, Defaults.AUTOSCALING_TARGET_CPU_PERCENT);
    }
}
