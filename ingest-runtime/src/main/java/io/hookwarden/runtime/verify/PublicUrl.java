package io.hookwarden.runtime.verify;

/**
 * The URL a producer called, for schemes that sign it: the source's configured public base URL plus the raw path
 * and query the runtime received. Never rebuilt from Host or X-Forwarded-* headers, which the caller controls.
 */
final class PublicUrl {
    private final String base;

    PublicUrl(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    String of(InboundRequest request) {
        return base + request.uri();
    }
}
