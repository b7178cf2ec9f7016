package io.hookwarden.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

@ValidationRule(value = Verification.SECRET_REF_RULE, message = Verification.SECRET_REF_MESSAGE)
@ValidationRule(value = Verification.JWT_RULE, message = Verification.JWT_MESSAGE)
@ValidationRule(value = Verification.PUBLIC_URL_RULE, message = Verification.PUBLIC_URL_MESSAGE)
@ValidationRule(value = Verification.TOLERANCE_RULE, message = Verification.TOLERANCE_MESSAGE)
public class Verification {
    // The CRD's CEL rules; validate() makes the same checks where no API server does (local mode).
    static final String SECRET_REF_RULE = "self.scheme == 'jwt' ? !has(self.secretRef)"
            + " && (!has(self.additionalSecretRefs) || size(self.additionalSecretRefs) == 0) : has(self.secretRef)";
    static final String SECRET_REF_MESSAGE = "secretRef is required, except for scheme jwt, which takes its keys from "
            + "jwt.jwksSecretRef and no secretRef or additionalSecretRefs";
    static final String JWT_RULE = "(self.scheme == 'jwt') == has(self.jwt)";
    static final String JWT_MESSAGE = "scheme jwt requires jwt (with jwksSecretRef and algorithms); other schemes take no jwt";
    static final String PUBLIC_URL_RULE = "!(self.scheme in ['hubspot-v3', 'hubspot-v2']) || has(self.publicUrl)";
    static final String PUBLIC_URL_MESSAGE = "schemes hubspot-v3 and hubspot-v2 sign the URL the producer called: set publicUrl";
    static final String TOLERANCE_RULE = "!has(self.toleranceSeconds)"
            + " || !(self.scheme in ['github', 'shopify', 'hubspot-v1', 'hubspot-v2'])";
    static final String PUBLIC_URL_PATTERN = "^https?://[^/?#\\s]+(/[^?#\\s]*)?$";
    static final String TOLERANCE_MESSAGE = "this scheme signs no timestamp, so toleranceSeconds does not apply "
            + "(deduplication is its only replay defence)";

    @Required
    @JsonPropertyDescription("Signature scheme the producer uses.")
    private SignatureScheme scheme;

    @JsonPropertyDescription("The current signing secret (every scheme but jwt).")
    private SecretKeyRef secretRef;

    @JsonPropertyDescription("Older secrets still accepted during a rotation; any one verifies.")
    private List<SecretKeyRef> additionalSecretRefs = new ArrayList<>();

    @Min(0)
    @Max(86400)
    @JsonPropertyDescription("Accepted distance, in seconds, between the signed timestamp and now; for jwt the leeway on "
            + "exp, nbf and iat. Default: 300 (jwt: 60). Not allowed for schemes that sign no timestamp "
            + "(github, shopify, hubspot-v1, hubspot-v2).")
    private Integer toleranceSeconds;

    @Pattern(PUBLIC_URL_PATTERN)
    @JsonPropertyDescription("External base URL producers call, e.g. https://hooks.example.com (hubspot-v3, hubspot-v2: "
            + "the signed URL is this plus the request's path and query; include any path prefix the Ingress strips).")
    private String publicUrl;

    private JwtVerification jwt;

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

    public String getPublicUrl() {
        return publicUrl;
    }

    public void setPublicUrl(String publicUrl) {
        this.publicUrl = publicUrl;
    }

    public JwtVerification getJwt() {
        return jwt;
    }

    public void setJwt(JwtVerification jwt) {
        this.jwt = jwt;
    }

    /** The current secret first, then the rotation ones: the order in which they are tried (jwt: its JWKS). */
    @JsonIgnore
    public List<SecretKeyRef> allSecretRefs() {
        if (scheme == SignatureScheme.JWT) {
            return List.of(jwt.getJwksSecretRef());
        }
        List<SecretKeyRef> all = new ArrayList<>();
        all.add(secretRef);
        all.addAll(additionalSecretRefs);
        return all;
    }

    /** The scheme's default unless toleranceSeconds is set; 0 for schemes that sign no timestamp. */
    @JsonIgnore
    public int effectiveToleranceSeconds() {
        if (!scheme.signsTimestamp()) {
            return 0;
        }
        return toleranceSeconds != null ? toleranceSeconds : scheme.defaultToleranceSeconds();
    }

    /** The CRD's rules for this object, for manifests read without an API server; throws on the first broken one. */
    public void validate() {
        if (scheme == null) {
            throw new IllegalArgumentException("scheme is required");
        }
        boolean isJwt = scheme == SignatureScheme.JWT;
        boolean hasSecretRef = secretRef != null && secretRef.getName() != null && secretRef.getKey() != null;
        if (isJwt ? secretRef != null || !additionalSecretRefs.isEmpty() : !hasSecretRef) {
            throw new IllegalArgumentException(SECRET_REF_MESSAGE);
        }
        if (isJwt != (jwt != null)) {
            throw new IllegalArgumentException(JWT_MESSAGE);
        }
        if (isJwt && (jwt.getJwksSecretRef() == null || jwt.getAlgorithms().isEmpty())) {
            throw new IllegalArgumentException(JWT_MESSAGE);
        }
        if ((scheme == SignatureScheme.HUBSPOT_V3 || scheme == SignatureScheme.HUBSPOT_V2) && publicUrl == null) {
            throw new IllegalArgumentException(PUBLIC_URL_MESSAGE);
        }
        if (publicUrl != null && !publicUrl.matches(PUBLIC_URL_PATTERN)) {
            throw new IllegalArgumentException("publicUrl must be an http(s) URL without query or fragment: " + publicUrl);
        }
        if (toleranceSeconds != null && !scheme.signsTimestamp()) {
            throw new IllegalArgumentException(TOLERANCE_MESSAGE);
        }
    }
}
