package io.hookwarden.runtime.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * What the HTTP framework would answer with an empty body, answered in the contract's JSON instead: no route (404),
 * a wrong method (405), an HTTP version other than 1.0 and 1.1 (505; the router's own answer is a bare 400), a
 * request URI or headers over the limits (414, 431). Vert.x's own codec limits are set higher than these
 * (quarkus.http.limits.max-initial-line-length and max-header-size), so that these checks see the request first;
 * only what exceeds the codec's limits too is answered by Vert.x, 414/431 without a body (Quarkus exposes no hook
 * to the server's invalid-request handler).
 */
public final class FrameworkErrors {
    /** The longest request URI taken, in characters (Vert.x's own default for the whole request line). */
    public static final int MAX_URI_LENGTH = 4096;
    /** The most header bytes taken (names and values), as Quarkus's default max-header-size. */
    public static final int MAX_HEADER_BYTES = 20 * 1024;

    private FrameworkErrors() {
    }

    /** Installs the checks ahead of every route, and the JSON answers for unrouted requests. */
    public static void install(Router router) {
        router.route().order(Integer.MIN_VALUE).handler(FrameworkErrors::check);
        router.errorHandler(404, rc -> answer(rc, new Rejection(404, "not_found", "no endpoint at " + rc.request().path())));
        router.errorHandler(405, rc -> answer(rc, new Rejection(405, "method_not_allowed",
                rc.request().method().name() + " is not allowed on " + rc.request().path())));
        router.errorHandler(500, rc -> answer(rc, new Rejection(500, "internal_error", "the request could not be handled")));
    }

    private static void check(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        if (request.version() == null) {
            close(rc, new Rejection(505, "http_version_not_supported", "only HTTP/1.0 and HTTP/1.1 are served"));
        } else if (request.uri().length() > MAX_URI_LENGTH) {
            close(rc, new Rejection(414, "uri_too_long", "the request URI exceeds " + MAX_URI_LENGTH + " characters"));
        } else if (headerBytes(request) > MAX_HEADER_BYTES) {
            close(rc, new Rejection(431, "headers_too_large", "the request headers exceed " + MAX_HEADER_BYTES + " bytes"));
        } else {
            rc.next();
        }
    }

    private static int headerBytes(HttpServerRequest request) {
        int total = 0;
        for (var header : request.headers()) {
            total += header.getKey().length() + header.getValue().length() + 4;
        }
        return total;
    }

    private static void answer(RoutingContext rc, Rejection rejection) {
        JsonAnswers.error(rc.response(), rejection);
    }

    /** The body may still be coming: answer, then close rather than read it. */
    private static void close(RoutingContext rc, Rejection rejection) {
        rc.response().putHeader("Connection", "close");
        JsonAnswers.error(rc.response(), rejection).onComplete(ignored -> rc.request().connection().close());
    }
}
