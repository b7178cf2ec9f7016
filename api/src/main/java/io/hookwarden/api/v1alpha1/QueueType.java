package io.hookwarden.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum QueueType {
    @JsonProperty("standard")
    STANDARD,
    @JsonProperty("fifo")
    FIFO
}
