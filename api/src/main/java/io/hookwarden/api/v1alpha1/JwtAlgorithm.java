package io.hookwarden.api.v1alpha1;

/** JWS algorithms a jwt source may pin. {@code none} is deliberately absent. */
public enum JwtAlgorithm {
    RS256,
    ES256,
    HS256
}
