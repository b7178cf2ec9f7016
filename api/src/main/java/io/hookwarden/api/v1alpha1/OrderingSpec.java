package io.hookwarden.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

public class OrderingSpec {
    @Pattern("^(/[^/]*)+$")
    @JsonPropertyDescription("JSON pointer to the entity's version in the body (a number or an ISO-8601 time, e.g. "
            + "/updated_at). An event older than the last one delivered for its entity (queue.orderingKey) is marked "
            + "superseded and not delivered. Unset: no version check.")
    private String versionFrom;

    public String getVersionFrom() {
        return versionFrom;
    }

    public void setVersionFrom(String versionFrom) {
        this.versionFrom = versionFrom;
    }
}
