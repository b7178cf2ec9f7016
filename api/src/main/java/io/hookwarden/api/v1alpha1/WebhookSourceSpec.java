package io.hookwarden.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(value = "!has(self.queue) || !has(self.queue.type) || self.queue.type != 'fifo' || has(self.queue.orderingKey)",
        message = "queue.type fifo requires queue.orderingKey (the JSON pointer naming the entity)")
@ValidationRule(value = "!has(self.ordering) || !has(self.ordering.versionFrom) || (has(self.queue) && has(self.queue.orderingKey))",
        message = "ordering.versionFrom requires queue.orderingKey (the entity whose versions are compared)")
public class WebhookSourceSpec {
    @Required
    private Verification verification;

    private Idempotency idempotency = new Idempotency();

    @JsonPropertyDescription("Per-source token bucket; requests above it get 429 with Retry-After. Unset: no limit.")
    private RateLimit rateLimit;

    @Min(1)
    @Max(16777216)
    @Default(Defaults.MAX_BODY_BYTES)
    @JsonPropertyDescription("Largest accepted request body, in bytes; larger ones get 413 before they are buffered.")
    private Integer maxBodyBytes;

    private QueueSpec queue = new QueueSpec();

    @JsonPropertyDescription("Where workers deliver each event. Unset: events are stored and queued only.")
    private SinkSpec sink;

    private OrderingSpec ordering = new OrderingSpec();

    private IngestSpec ingest = new IngestSpec();

    private WorkerSpec worker = new WorkerSpec();

    private Retention retention = new Retention();

    public Verification getVerification() {
        return verification;
    }

    public void setVerification(Verification verification) {
        this.verification = verification;
    }

    public Idempotency getIdempotency() {
        return idempotency;
    }

    public void setIdempotency(Idempotency idempotency) {
        this.idempotency = idempotency == null ? new Idempotency() : idempotency;
    }

    public Retention getRetention() {
        return retention;
    }

    public void setRetention(Retention retention) {
        this.retention = retention == null ? new Retention() : retention;
    }

    public RateLimit getRateLimit() {
        return rateLimit;
    }

    public void setRateLimit(RateLimit rateLimit) {
        this.rateLimit = rateLimit;
    }

    public Integer getMaxBodyBytes() {
        return maxBodyBytes;
    }

    public void setMaxBodyBytes(Integer maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    public QueueSpec getQueue() {
        return queue;
    }

    public void setQueue(QueueSpec queue) {
        this.queue = queue == null ? new QueueSpec() : queue;
    }

    public SinkSpec getSink() {
        return sink;
    }

    public void setSink(SinkSpec sink) {
        this.sink = sink;
    }

    public OrderingSpec getOrdering() {
        return ordering;
    }

    public void setOrdering(OrderingSpec ordering) {
        this.ordering = ordering == null ? new OrderingSpec() : ordering;
    }

    public IngestSpec getIngest() {
        return ingest;
    }

    public void setIngest(IngestSpec ingest) {
        this.ingest = ingest == null ? new IngestSpec() : ingest;
    }

    public WorkerSpec getWorker() {
        return worker;
    }

    public void setWorker(WorkerSpec worker) {
        this.worker = worker == null ? new WorkerSpec() : worker;
    }

    @JsonIgnore
    public int effectiveMaxBodyBytes() {
        return Defaults.intValue(maxBodyBytes, Defaults.MAX_BODY_BYTES);
    }
}
