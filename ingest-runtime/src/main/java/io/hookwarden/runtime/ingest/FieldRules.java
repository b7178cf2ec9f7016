package io.hookwarden.runtime.ingest;

import io.hookwarden.runtime.verify.Hmac;
import io.hookwarden.runtime.http.Rejection;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * What may go from a request into the store's text columns and onto SQS. PostgreSQL text refuses NUL; an SQS message
 * attribute (the event type) and a sink's HTTP header take no control characters; a MessageGroupId (the ordering key)
 * takes only 1 to 128 printable ASCII characters. Checked at ingest, so that an event that could never be stored or
 * sent is answered 400 on its own instead of failing the group commit it would share with other requests.
 */
final class FieldRules {
    static final int MAX_EVENT_TYPE_LENGTH = 256;
    /** SQS's limit on a MessageGroupId. */
    static final int MAX_GROUP_ID_LENGTH = 128;
    /** An ordering key SQS would refuse travels as this prefix and the SHA-256 of its UTF-8 bytes, in hex. */
    static final String HASHED_ORDERING_KEY_PREFIX = "sha256:";
    private static final String JSON_NUL_ESCAPE = "\\u0000";

    private FieldRules() {
    }

    /** Why the event cannot be stored as sent, or null when every text field can. */
    static Rejection refusal(String idempotencyKey, String eventType, String externalId, String contentType) {
        if (!storable(idempotencyKey)) {
            return new Rejection(400, "invalid_idempotency_key",
                    "the idempotency key holds a NUL character or a lone UTF-16 surrogate, which cannot be stored");
        }
        if (eventType != null && (eventType.length() > MAX_EVENT_TYPE_LENGTH || !printable(eventType))) {
            return new Rejection(400, "invalid_event_type", "the event type (/type or /event) must be at most "
                    + MAX_EVENT_TYPE_LENGTH + " characters without control characters");
        }
        if (externalId != null && !storable(externalId)) {
            return new Rejection(400, "invalid_external_id",
                    "the event id (/id) holds a NUL character or a lone UTF-16 surrogate, which cannot be stored");
        }
        if (contentType != null && !printable(contentType)) {
            return Rejection.invalidHeader("Content-Type", "it holds control characters");
        }
        return null;
    }

    /**
     * The parsed copy of a JSON body kept next to the raw bytes, or null when PostgreSQL's jsonb would refuse it (it
     * takes no {@code \u0000} escape). A false alarm (an escaped backslash before "u0000") only loses the parsed copy.
     */
    static String storablePayload(String jsonText) {
        return jsonText != null && jsonText.contains(JSON_NUL_ESCAPE) ? null : jsonText;
    }

    /**
     * The ordering key as SQS takes it for a MessageGroupId: unchanged when it already is one, else (non-ASCII, spaces,
     * controls, over 128 characters) {@value #HASHED_ORDERING_KEY_PREFIX} and the hex SHA-256 of its UTF-8 bytes,
     * which keeps events of one entity in one group and the same entity under the same key.
     */
    static String orderingKey(String key) {
        if (key == null || key.isEmpty() || isGroupId(key)) {
            return key;
        }
        byte[] digest = Hmac.digest(key.getBytes(StandardCharsets.UTF_8));
        return HASHED_ORDERING_KEY_PREFIX + HexFormat.of().formatHex(digest);
    }

    private static boolean isGroupId(String key) {
        if (key.length() > MAX_GROUP_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < '!' || c > '~') {
                return false;
            }
        }
        return true;
    }

    /** No NUL and no lone surrogate (the driver would write '?' for one, silently changing the text). */
    static boolean storable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    /** Storable, and without the control characters and non-characters SQS attributes and HTTP headers refuse. */
    static boolean printable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\uFFFE' || c == '\uFFFF') {
                return false;
            }
        }
        return storable(text);
    }
}
