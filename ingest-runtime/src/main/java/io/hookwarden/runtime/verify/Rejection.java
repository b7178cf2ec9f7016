package io.hookwarden.runtime.verify;

/**
 * Why a request is refused: the HTTP status, the machine-readable {@code error} code of the JSON
 * body, and a message for humans. Messages never carry secret material or expected signatures.
 */
public record Rejection(int status, String error, String message) {
    public static Rejection missingHeader(String header) {
        return new Rejection(400, "missing_header", "required header " + header + " is missing");
    }

    public static Rejection invalidHeader(String header, String why) {
        return new Rejection(400, "invalid_header", "header " + header + " is invalid: " + why);
    }

    public static Rejection timestampOutOfWindow(long skewSeconds, int toleranceSeconds) {
        return new Rejection(401, "timestamp_out_of_window",
                "signed timestamp is " + skewSeconds + " s from now; the window is ±" + toleranceSeconds + " s");
    }

    public static Rejection signatureMismatch() {
        return new Rejection(401, "signature_mismatch", "signature does not match any configured secret");
    }
}
