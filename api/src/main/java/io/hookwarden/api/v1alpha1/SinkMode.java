package io.hookwarden.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a CloudEvent travels over HTTP (CloudEvents HTTP binding). */
public enum SinkMode {
    /** Attributes in ce-* headers, the original body and content type as the HTTP body. */
    @JsonProperty("binary")
    BINARY,
    /** One application/cloudevents+json document holding attributes and data. */
    @JsonProperty("structured")
    STRUCTURED
}
