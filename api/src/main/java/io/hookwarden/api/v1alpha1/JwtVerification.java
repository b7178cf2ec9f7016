package io.hookwarden.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** How scheme jwt checks the bearer token: which keys, which algorithms, which claims. */
public class JwtVerification {
    @Required
    @JsonPropertyDescription("Secret key holding the producer's JWKS (a JSON Web Key Set); the token's kid selects the key. "
            + "Rotate by adding the new key to the set before the producer uses it.")
    private SecretKeyRef jwksSecretRef;

    @Required
    @Size(min = 1)
    @JsonPropertyDescription("JWS algorithms accepted; a token with any other alg (or none) is refused.")
    private List<JwtAlgorithm> algorithms = new ArrayList<>();

    @JsonPropertyDescription("Required value in the token's aud claim. Unset: aud is not checked.")
    private String audience;

    @JsonPropertyDescription("Required iss claim. Unset: iss is not checked.")
    private String issuer;

    @Min(1)
    @Max(86400)
    @Default(Defaults.JWT_MAX_TOKEN_AGE_SECONDS)
    @JsonPropertyDescription("Oldest accepted token, in seconds since its iat claim.")
    private Integer maxTokenAgeSeconds;

    @Pattern("^[A-Za-z0-9_.:-]+$")
    @JsonPropertyDescription("Claim carrying SHA-256 of the raw body (base64url without padding, or lowercase hex). "
            + "Unset: the token does not cover the body, so anyone holding a valid token may send any body with it.")
    private String bodyHashClaim;

    public SecretKeyRef getJwksSecretRef() {
        return jwksSecretRef;
    }

    public void setJwksSecretRef(SecretKeyRef jwksSecretRef) {
        this.jwksSecretRef = jwksSecretRef;
    }

    public List<JwtAlgorithm> getAlgorithms() {
        return algorithms;
    }

    public void setAlgorithms(List<JwtAlgorithm> algorithms) {
        this.algorithms = algorithms == null ? new ArrayList<>() : algorithms;
    }

    public String getAudience() {
        return audience;
    }

    public void setAudience(String audience) {
        this.audience = audience;
    }

    public String getIssuer() {
        return issuer;
    }

    public void setIssuer(String issuer) {
        this.issuer = issuer;
    }

    public Integer getMaxTokenAgeSeconds() {
        return maxTokenAgeSeconds;
    }

    public void setMaxTokenAgeSeconds(Integer maxTokenAgeSeconds) {
        this.maxTokenAgeSeconds = maxTokenAgeSeconds;
    }

    public String getBodyHashClaim() {
        return bodyHashClaim;
    }

    public void setBodyHashClaim(String bodyHashClaim) {
        this.bodyHashClaim = bodyHashClaim;
    }

    @JsonIgnore
    public int effectiveMaxTokenAgeSeconds() {
        return Defaults.intValue(maxTokenAgeSeconds, Defaults.JWT_MAX_TOKEN_AGE_SECONDS);
    }
}
