package io.hookwarden.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

// The autoscaler measures CPU use against the request: without one it never scales.
@ValidationRule(value = "!has(self.autoscaling) || (has(self.resources) && has(self.resources.requests) && 'cpu' in self.resources.requests)",
        message = "ingest.autoscaling needs ingest.resources.requests.cpu")
public class IngestSpec {
    @Min(0)
    @Max(100)
    @Default(Defaults.INGEST_REPLICAS)
    @JsonPropertyDescription("Ingest pods for this source; ignored while autoscaling is set.")
    private Integer replicas;

    @JsonPropertyDescription("CPU and memory of each ingest pod.")
    private ResourceRequirements resources;

    @JsonPropertyDescription("Scale the ingest pods on CPU use. Unset: a fixed number of replicas.")
    private Autoscaling autoscaling;

    @JsonPropertyDescription("Expose POST /webhooks/<name> (and only it) through an Ingress; status.endpoint is then "
            + "the public URL. Unset: reachable inside the cluster only.")
    private Expose expose;

    @JsonPropertyDescription("HTTPS (and optionally mTLS) on the webhook port, served by the ingest pods. Unset: plain HTTP "
            + "inside the cluster (TLS, if any, ends at the Ingress).")
    private IngestTls tls;

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

    public Autoscaling getAutoscaling() {
        return autoscaling;
    }

    public void setAutoscaling(Autoscaling autoscaling) {
        this.autoscaling = autoscaling;
    }

    public Expose getExpose() {
        return expose;
    }

    public void setExpose(Expose expose) {
        this.expose = expose;
    }

    public IngestTls getTls() {
        return tls;
    }

    public void setTls(IngestTls tls) {
        this.tls = tls;
    }

    @JsonIgnore
    public int effectiveReplicas() {
        return Defaults.intValue(replicas, Defaults.INGEST_REPLICAS);
    }
}
