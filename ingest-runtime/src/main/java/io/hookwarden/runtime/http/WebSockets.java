package io.hookwarden.runtime.http;

/**
 * The runtime serves no WebSockets, and says so before it creates an HTTP server. Vert.x reads
 * {@code vertx.disableWebsockets} once per JVM, when its first HTTP server is created; while it is unset,
 * every server's requests pass through Vert.x's WebSocket-aware handler, which answers a request line
 * with an unknown HTTP version with a bare 501 before any route sees it (the ingest routes answer 505
 * in the contract's JSON). Quarkus sets the property as it starts its own server, which is after the
 * StartupEvent observers: a server created in one (the admin server) used to freeze it unset first.
 */
public final class WebSockets {
    static final String DISABLED = "vertx.disableWebsockets";

    private WebSockets() {
    }

    /** Call before creating any Vert.x HTTP server; a value set explicitly (-Dvertx.disableWebsockets) is kept. */
    public static void disable() {
        if (!System.getProperties().containsKey(DISABLED)) {
            System.setProperty(DISABLED, "true");
        }
    }
}
