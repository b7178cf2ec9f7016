package io.hookwarden.runtime.testing;

import io.hookwarden.runtime.verify.InboundRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** A request as a producer sends it: headers (case-insensitive), request line and raw body. Immutable. */
public record SignedRequest(String method, String uri, Map<String, String> headers, byte[] body) implements InboundRequest {
    public SignedRequest {
        TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        headers = copy;
    }

    public static SignedRequest post(String uri, String body) {
        return new SignedRequest("POST", uri, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String header(String name) {
        return headers.get(name);
    }

    public SignedRequest withHeader(String name, String value) {
        TreeMap<String, String> changed = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        changed.putAll(headers);
        if (value == null) {
            changed.remove(name);
        } else {
            changed.put(name, value);
        }
        return new SignedRequest(method, uri, changed, body);
    }

    public SignedRequest withBody(byte[] changed) {
        return new SignedRequest(method, uri, headers, changed);
    }

    public SignedRequest withMethod(String changed) {
        return new SignedRequest(changed, uri, headers, body);
    }
}
