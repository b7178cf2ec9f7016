package io.hookwarden.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** The pods that consume the source's queue and deliver to the sink; scaled apart from ingest. */
public class WorkerSpec {
    @Min(0)
    @Max(100)
    @Default(Defaults.WORKER_REPLICAS)
    @JsonPropertyDescription("Worker pods for this source.")
    private Integer replicas;

    @JsonPropertyDescription("CPU and memory of each worker pod.")
    private ResourceRequirements resources;

    @JsonPropertyDescription("Bearer token of the admin API (requeue, replay) on the worker pods' admin port. "
            + "Unset: the operator creates Secret <name>-hookwarden-admin with a random token under key 'token'.")
    private SecretKeyRef adminTokenSecretRef;

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

    public SecretKeyRef getAdminTokenSecretRef() {
        return adminTokenSecretRef;
    }

    public void setAdminTokenSecretRef(SecretKeyRef adminTokenSecretRef) {
        this.adminTokenSecretRef = adminTokenSecretRef;
    }

    @JsonIgnore
    public int effectiveReplicas() {
        return Defaults.intValue(replicas, Defaults.WORKER_REPLICAS);
    }
}
