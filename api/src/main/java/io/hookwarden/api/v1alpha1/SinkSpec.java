package io.hookwarden.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

public class SinkSpec {
    @Required
    @Pattern("^https?://.+")
    @JsonPropertyDescription("HTTP(S) endpoint each event is delivered to as a CloudEvent.")
    private String url;

    @Min(1)
    @Max(900)
    @Default(Defaults.SINK_TIMEOUT_SECONDS)
    @JsonPropertyDescription("Timeout of one delivery attempt, in seconds.")
    private Integer timeoutSeconds;

    @Default(Defaults.SINK_MODE)
    @JsonPropertyDescription("CloudEvents HTTP mode: binary (ce-* headers, original body) or structured (one JSON document).")
    private SinkMode mode;

    @Min(1)
    @Max(1000)
    @Default(Defaults.SINK_CONCURRENCY)
    @JsonPropertyDescription("Deliveries in flight at once for this source, per worker process.")
    private Integer concurrency;

    private RetryPolicy retry = new RetryPolicy();

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public Integer getTimeoutSeconds() {
        return timeoutSeconds;
    }

    public void setTimeoutSeconds(Integer timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }

    public SinkMode getMode() {
        return mode;
    }

    public void setMode(SinkMode mode) {
        this.mode = mode;
    }

    public Integer getConcurrency() {
        return concurrency;
    }

    public void setConcurrency(Integer concurrency) {
        this.concurrency = concurrency;
    }

    public RetryPolicy getRetry() {
        return retry;
    }

    public void setRetry(RetryPolicy retry) {
        this.retry = retry == null ? new RetryPolicy() : retry;
    }

    @JsonIgnore
    public int effectiveTimeoutSeconds() {
        return Defaults.intValue(timeoutSeconds, Defaults.SINK_TIMEOUT_SECONDS);
    }

    @JsonIgnore
    public SinkMode effectiveMode() {
        return mode != null ? mode : SinkMode.valueOf(Defaults.SINK_MODE.toUpperCase(java.util.Locale.ROOT));
    }

    @JsonIgnore
    public int effectiveConcurrency() {
        return Defaults.intValue(concurrency, Defaults.SINK_CONCURRENCY);
    }
}
