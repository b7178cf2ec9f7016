package io.hookwarden.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

public class IngestSpec {
    @Min(0)
    @Max(100)
    @Default(Defaults.INGEST_REPLICAS)
    @JsonPropertyDescription("Ingest pods for this source.")
    private Integer replicas;

    @JsonPropertyDescription("CPU and memory of each ingest pod.")
    private ResourceRequirements resources;

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public ResourceRequirements getResources() {
        return resources;
    }

    public void setResources(ResourceRequirements resources) {
        this.resources = resources;
    }

    @JsonIgnore
    public int effectiveReplicas() {
        return Defaults.intValue(replicas, Defaults.INGEST_REPLICAS);
    }
}
