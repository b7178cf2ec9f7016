package io.hookwarden.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(value = "!has(self.initialBackoffSeconds) || !has(self.maxBackoffSeconds) || self.initialBackoffSeconds <= self.maxBackoffSeconds",
        message = "retry.initialBackoffSeconds must not exceed retry.maxBackoffSeconds")
public class RetryPolicy {
    @Min(0)
    @Max(43200)
    @Default(Defaults.RETRY_INITIAL_BACKOFF_SECONDS)
    @JsonPropertyDescription("Backoff before the first retry, in seconds; doubles per attempt, with jitter.")
    private Integer initialBackoffSeconds;

    @Min(1)
    @Max(43200)
    @Default(Defaults.RETRY_MAX_BACKOFF_SECONDS)
    @JsonPropertyDescription("Cap on the backoff between retries, in seconds.")
    private Integer maxBackoffSeconds;

    public Integer getInitialBackoffSeconds() {
        return initialBackoffSeconds;
    }

    public void setInitialBackoffSeconds(Integer initialBackoffSeconds) {
        this.initialBackoffSeconds = initialBackoffSeconds;
    }

    public Integer getMaxBackoffSeconds() {
        return maxBackoffSeconds;
    }

    public void setMaxBackoffSeconds(Integer maxBackoffSeconds) {
        this.maxBackoffSeconds = maxBackoffSeconds;
    }

    @JsonIgnore
    public int effectiveInitialBackoffSeconds() {
        return Defaults.intValue(initialBackoffSeconds, Defaults.RETRY_INITIAL_BACKOFF_SECONDS);
    }

    @JsonIgnore
    public int effectiveMaxBackoffSeconds() {
        return Defaults.intValue(maxBackoffSeconds, Defaults.RETRY_MAX_BACKOFF_SECONDS);
    }
}
