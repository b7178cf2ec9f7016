package io.hookwarden.runtime.ingest;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What the runtime reads out of a body: the parsed JSON (when the body is JSON), the event type
 * ({@code /type} or {@code /event}), the external id ({@code /id}) and values at JSON pointers.
 */
public final class EventFacts {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonPointer TYPE = JsonPointer.compile("/type");
    private static final JsonPointer EVENT = JsonPointer.compile("/event");
    private static final JsonPointer ID = JsonPointer.compile("/id");

    private final JsonNode json;
    private final String jsonText;

    private EventFacts(JsonNode json, String jsonText) {
        this.json = json;
        this.jsonText = jsonText;
    }

    /** Parses the body when the content type says JSON (or is absent and the body looks like JSON). */
    public static EventFacts of(String contentType, byte[] body) {
        if (!looksLikeJson(contentType, body)) {
            return new EventFacts(null, null);
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node == null ? new EventFacts(null, null) : new EventFacts(node, new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new EventFacts(null, null);
        }
    }

    private static boolean looksLikeJson(String contentType, byte[] body) {
        if (contentType != null) {
            String type = contentType.toLowerCase(java.util.Locale.ROOT);
            return type.startsWith("application/json") || type.contains("+json");
        }
        return body.length > 0 && (body[0] == '{' || body[0] == '[');
    }

    public boolean isJson() {
        return json != null;
    }

    /** The body as JSON text, or null when it is not JSON. */
    public String jsonText() {
        return jsonText;
    }

    public String eventType() {
        String type = scalarAt(TYPE);
        return type != null ? type : scalarAt(EVENT);
    }

    public String externalId() {
        return scalarAt(ID);
    }

    /** The scalar at a JSON pointer as text; null when absent, null or not a scalar. */
    public String at(String pointer) {
        return scalarAt(JsonPointer.compile(pointer));
    }

    private String scalarAt(JsonPointer pointer) {
        if (json == null) {
            return null;
        }
        JsonNode node = json.at(pointer);
        return node.isValueNode() && !node.isNull() ? node.asText() : null;
    }
}
