package io.hookwarden.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

public class Verification {
    @Required
    @JsonPropertyDescription("Signature scheme the producer uses.")
    private SignatureScheme scheme;

    @Required
    @JsonPropertyDescription("The current signing secret.")
    private SecretKeyRef secretRef;

    @JsonPropertyDescription("Older secrets still accepted during a rotation; any one verifies.")
    private List<SecretKeyRef> additionalSecretRefs = new ArrayList<>();

    @Min(0)
    @Max(86400)
    @Default(Defaults.TOLERANCE_SECONDS)
    @JsonPropertyDescription("Accepted distance, in seconds, between the signed timestamp and now.")
    private Integer toleranceSeconds;

    public SignatureScheme getScheme() {
        return scheme;
    }

    public void setScheme(SignatureScheme scheme) {
        this.scheme = scheme;
    }

    public SecretKeyRef getSecretRef() {
        return secretRef;
    }

    public void setSecretRef(SecretKeyRef secretRef) {
        this.secretRef = secretRef;
    }

    public List<SecretKeyRef> getAdditionalSecretRefs() {
        return additionalSecretRefs;
    }

    public void setAdditionalSecretRefs(List<SecretKeyRef> additionalSecretRefs) {
        this.additionalSecretRefs = additionalSecretRefs == null ? new ArrayList<>() : additionalSecretRefs;
    }

    public Integer getToleranceSeconds() {
        return toleranceSeconds;
    }

    public void setToleranceSeconds(Integer toleranceSeconds) {
        this.toleranceSeconds = toleranceSeconds;
    }

    /** The current secret first, then the rotation ones: the order in which they are tried. */
    @JsonIgnore
    public List<SecretKeyRef> allSecretRefs() {
        List<SecretKeyRef> all = new ArrayList<>();
        all.add(secretRef);
        all.addAll(additionalSecretRefs);
        return all;
    }

    @JsonIgnore
    public int effectiveToleranceSeconds() {
        return Defaults.intValue(toleranceSeconds, Defaults.TOLERANCE_SECONDS);
    }
}
