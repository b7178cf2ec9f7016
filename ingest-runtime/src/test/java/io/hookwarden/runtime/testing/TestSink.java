package io.hookwarden.runtime.testing;

import io.vertx.core.MultiMap;
import io.hookwarden.runtime.http.WebSockets;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * A real HTTP sink on 127.0.0.1 for worker tests: records every request and answers as the test
 * scripts it per path (status, headers, delay, or no answer at all).
 */
public final class TestSink implements AutoCloseable {
    /** One request as the sink saw it. */
    public record Received(String path, String ceId, MultiMap headers, String body, long atMillis) {
        public String header(String name) {
            return headers.get(name);
        }
    }

    /** @param delayMillis answer after this long; negative: never answer */
    /** @param trickleEveryMillis above 0: the status at once, then the body one byte at a time this far apart */
    public record Answer(int status, Map<String, String> headers, long delayMillis, long trickleEveryMillis) {
        /** How many bytes a trickled answer has: a minute's worth at one a second. */
        private static final int TRICKLED_BYTES = 60;

        public Answer(int status, Map<String, String> headers, long delayMillis) {
            this(status, headers, delayMillis, 0);
        }

        public static Answer trickle(int status, long everyMillis) {
            return new Answer(status, Map.of(), 0, everyMillis);
        }

        public static Answer status(int status) {
            return new Answer(status, Map.of(), 0);
        }

        public static Answer never() {
            return new Answer(0, Map.of(), -1);
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Received> accepted = new CopyOnWriteArrayList<>();
    private final Map<String, BiFunction<Received, Integer, Answer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Integer> seen = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inProgress = new ConcurrentHashMap<>();
    private final Map<String, Integer> mostInProgress = new ConcurrentHashMap<>();

    public TestSink() {
        // Test resources start before Quarkus: this may be the JVM's first HTTP server.
        WebSockets.disable();
        server = vertx.createHttpServer().requestHandler(this::handle);
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("test sink did not start", e);
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    /** How the sink answers on this path, given the request and how often it saw that ce-id (1 = first time). */
    public void script(String path, BiFunction<Received, Integer, Answer> script) {
        scripts.put(path, script);
    }

    public List<Received> received(String path) {
        return received.stream().filter(r -> r.path.equals(path)).toList();
    }

    /** Requests on the path that got a 2xx. */
    public List<Received> accepted(String path) {
        return accepted.stream().filter(r -> r.path.equals(path)).toList();
    }

    /** The most requests on the path that were waiting for their answer at the same time. */
    public int mostConcurrent(String path) {
        return mostInProgress.getOrDefault(path, 0);
    }

    private void handle(HttpServerRequest request) {
        AtomicInteger concurrent = inProgress.computeIfAbsent(request.path(), p -> new AtomicInteger());
        mostInProgress.merge(request.path(), concurrent.incrementAndGet(), Math::max);
        request.body().onSuccess(body -> {
            Received r = new Received(request.path(), request.getHeader("ce-id"), MultiMap.caseInsensitiveMultiMap()
                    .addAll(request.headers()), body.toString(), System.currentTimeMillis());
            received.add(r);
            String key = r.path + " " + (r.ceId != null ? r.ceId : body.toString());
            int count = seen.merge(key, 1, Integer::sum);
            Answer answer = scripts.getOrDefault(r.path, (req, n) -> Answer.status(200)).apply(r, count);
            if (answer.delayMillis < 0) {
                return;
            }
            Runnable reply = () -> {
                concurrent.decrementAndGet();
                if (answer.status >= 200 && answer.status < 300) {
                    accepted.add(r);
                }
                request.response().setStatusCode(answer.status);
                answer.headers.forEach(request.response()::putHeader);
                if (answer.trickleEveryMillis > 0) {
                    trickle(request, answer.trickleEveryMillis);
                } else {
                    request.response().end("status " + answer.status);
                }
            };
            if (answer.delayMillis == 0) {
                reply.run();
            } else {
                vertx.setTimer(answer.delayMillis, id -> reply.run());
            }
        });
    }

    /** Writes one byte per tick until the body is complete or the client has gone. */
    private void trickle(HttpServerRequest request, long everyMillis) {
        request.response().putHeader("Content-Length", Integer.toString(Answer.TRICKLED_BYTES));
        AtomicInteger written = new AtomicInteger();
        long timer = vertx.setPeriodic(everyMillis, id -> {
            if (request.response().closed() || request.response().ended()) {
                vertx.cancelTimer(id);
            } else if (written.incrementAndGet() == Answer.TRICKLED_BYTES) {
                request.response().end("x");
                vertx.cancelTimer(id);
            } else {
                request.response().write("x");
            }
        });
        request.response().closeHandler(closed -> vertx.cancelTimer(timer));
    }

    @Override
    public void close() {
        vertx.close();
    }
}
