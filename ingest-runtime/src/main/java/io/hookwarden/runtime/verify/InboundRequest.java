package io.hookwarden.runtime.verify;

/**
 * What a verifier may look at: the raw bytes as received and the request line. Header lookup is
 * case-insensitive, as HTTP requires.
 */
public interface InboundRequest {
    String header(String name);

    String method();

    /** Path and query exactly as the client sent them. */
    String uri();

    byte[] body();
}
