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
}
