package io.hookwarden.runtime.http;

/**
 * Why a request is refused: the HTTP status, the machine-readable {@code error} code of the JSON
 * body, and a message for humans. Messages never carry secret material or expected signatures.
 */
public record Rejection(int status, String error, String message) {
    public static final String TIMESTAMP_OUT_OF_WINDOW = "timestamp_out_of_window";
    public static final String TOKEN_EXPIRED = "token_expired";
    public static final String TOKEN_NOT_YET_VALID = "token_not_yet_valid";

    public static Rejection missingHeader(String header) {
        return new Rejection(400, "missing_header", "required header " + header + " is missing");
    }

    public static Rejection invalidHeader(String header, String why) {
        return new Rejection(400, "invalid_header", "header " + header + " is invalid: " + why);
    }

    public static Rejection timestampOutOfWindow(long skewSeconds, int toleranceSeconds) {
        return new Rejection(401, TIMESTAMP_OUT_OF_WINDOW,
                "signed timestamp is " + skewSeconds + " s from now; the window is ±" + toleranceSeconds + " s");
    }

    public static Rejection signatureMismatch() {
        return new Rejection(401, "signature_mismatch", "signature does not match any configured secret");
    }

    public static Rejection algorithmNotAllowed(String algorithm) {
        return new Rejection(401, "algorithm_not_allowed", "token algorithm " + algorithm + " is not allowed for this source");
    }

    public static Rejection unknownKeyId(String kid, String algorithm) {
        return new Rejection(401, "unknown_key_id", "no key in the JWKS has kid " + kid + " for " + algorithm);
    }

    public static Rejection tokenExpired(String why) {
        return new Rejection(401, TOKEN_EXPIRED, "token expired: " + why);
    }

    public static Rejection tokenNotYetValid(String why) {
        return new Rejection(401, TOKEN_NOT_YET_VALID, "token not yet valid: " + why);
    }

    public static Rejection missingClaim(String claim) {
        return new Rejection(401, "missing_claim", "token has no " + claim + " claim");
    }

    public static Rejection audienceMismatch() {
        return new Rejection(401, "audience_mismatch", "token aud does not name the audience this source requires");
    }

    public static Rejection issuerMismatch() {
        return new Rejection(401, "issuer_mismatch", "token iss is not the issuer this source requires");
    }

    public static Rejection bodyHashMismatch(String claim) {
        return new Rejection(401, "body_hash_mismatch", "token " + claim + " claim is not the SHA-256 of this body");
    }

    /** Refused because of when it was signed rather than what was signed (counted as rejected_timestamp). */
    public boolean concernsTime() {
        return error.equals(TIMESTAMP_OUT_OF_WINDOW) || error.equals(TOKEN_EXPIRED) || error.equals(TOKEN_NOT_YET_VALID);
    }
}
