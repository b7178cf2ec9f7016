package io.hookwarden.runtime.verify;

import io.hookwarden.runtime.http.Rejection;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Reading signature headers; each helper throws {@link RejectedRequest} with the precise code. */
final class Headers {
    static final Function<String, byte[]> LOWERCASE_HEX = text -> Hmac.decodeLowercaseHex(text, Hmac.SHA256_BYTES);
    static final Function<String, byte[]> BASE64 = text -> Hmac.decodeBase64(text, Hmac.SHA256_BYTES);

    private Headers() {
    }

    static String required(InboundRequest request, String name) {
        String value = request.header(name);
        if (value == null || value.isBlank()) {
            throw new RejectedRequest(Rejection.missingHeader(name));
        }
        return value.trim();
    }

    /** The value after a fixed prefix such as {@code sha256=}. */
    static String afterPrefix(String header, String value, String prefix) {
        if (!value.startsWith(prefix)) {
            throw new RejectedRequest(Rejection.invalidHeader(header, "expected " + prefix + "<signature>"));
        }
        return value.substring(prefix.length());
    }

    /** A decimal epoch value (seconds or milliseconds, as the scheme says). */
    static long epoch(String header, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new RejectedRequest(Rejection.invalidHeader(header, "not a unix timestamp"));
        }
    }

    /** Refuses a signed timestamp more than the tolerance before or after now. */
    static void withinWindow(long signedAtSeconds, long nowEpochSeconds, int toleranceSeconds) {
        // Compared without subtracting first: now - signedAt overflows for timestamps far from now
        // (Math.abs(Long.MIN_VALUE) is negative, which would pass any window).
        if (signedAtSeconds < nowEpochSeconds - toleranceSeconds || signedAtSeconds > nowEpochSeconds + toleranceSeconds) {
            long skew;
            try {
                skew = Math.absExact(Math.subtractExact(nowEpochSeconds, signedAtSeconds));
            } catch (ArithmeticException e) {
                skew = Long.MAX_VALUE;
            }
            throw new RejectedRequest(Rejection.timestampOutOfWindow(skew, toleranceSeconds));
        }
    }

    /** Splits {@code k=v<sep>k=v…} (the form of Stripe's and the seed's signature headers). */
    static List<Field> fields(String header, String value, char separator) {
        List<Field> fields = new ArrayList<>(4);
        int start = 0;
        while (start <= value.length()) {
            int end = value.indexOf(separator, start);
            if (end < 0) {
                end = value.length();
            }
            String item = value.substring(start, end).trim();
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new RejectedRequest(Rejection.invalidHeader(header, "expected key=value pairs"));
            }
            fields.add(new Field(item.substring(0, eq), item.substring(eq + 1)));
            start = end + 1;
        }
        return fields;
    }

    /** The value of the first field with this key; invalid_header when there is none. */
    static String first(String header, List<Field> fields, String key) {
        for (Field field : fields) {
            if (field.key().equals(key)) {
                return field.value();
            }
        }
        throw new RejectedRequest(Rejection.invalidHeader(header, "no " + key + "= field"));
    }

    /** The decoded values of every field with this key that decodes; invalid_header when none does. */
    static List<byte[]> signatures(String header, List<Field> fields, String key, Function<String, byte[]> decoder) {
        List<byte[]> signatures = new ArrayList<>(2);
        for (Field field : fields) {
            byte[] decoded = field.key().equals(key) ? decoder.apply(field.value()) : null;
            if (decoded != null) {
                signatures.add(decoded);
            }
        }
        if (signatures.isEmpty()) {
            throw new RejectedRequest(Rejection.invalidHeader(header, "no well-formed " + key + " signature"));
        }
        return signatures;
    }

    /** One decoded signature, invalid_header when it does not decode. */
    static byte[] signature(String header, String value, Function<String, byte[]> decoder) {
        byte[] decoded = decoder.apply(value);
        if (decoded == null) {
            throw new RejectedRequest(Rejection.invalidHeader(header, "not a well-formed SHA-256 signature"));
        }
        return decoded;
    }

    record Field(String key, String value) {
    }
}
