package io.hookwarden.runtime.process;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sink as a well-behaved consumer writes one: it applies each CloudEvent once, by {@code ce-id}, and answers 200 to
 * a copy it already applied, counting the copy. Faults are switched on its answers: 500s, 429 storms, and holding
 * requests open (so that a worker can be killed in the middle of a delivery).
 */
final class IdempotentSink implements AutoCloseable {
    enum Answer {
        ACCEPT, FAIL_500, THROTTLE_429, HOLD
    }

    private final HttpServer server;
    /** ce-id → how many deliveries of it were answered 2xx (the first applied it, the others were copies). */
    private final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
    private final AtomicInteger held = new AtomicInteger();
    private volatile Answer answer = Answer.ACCEPT;
    private volatile CountDownLatch release = new CountDownLatch(0);

    IdempotentSink() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/events", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(64));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/events";
    }

    void answer(Answer next) {
        if (next == Answer.HOLD) {
            release = new CountDownLatch(1);
        } else {
            release.countDown();
        }
        answer = next;
    }

    /** Requests held open right now (HOLD). */
    int held() {
        return held.get();
    }

    /** 2xx answers given for this ce-id. */
    int deliveries(String ceId) {
        AtomicInteger count = accepted.get(ceId);
        return count == null ? 0 : count.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            body.readAllBytes();
            String ceId = exchange.getRequestHeaders().getFirst("ce-id");
            Answer now = answer;
            if (now == Answer.HOLD) {
                held.incrementAndGet();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    held.decrementAndGet();
                }
                now = Answer.ACCEPT;
            }
            switch (now) {
                case FAIL_500 -> exchange.sendResponseHeaders(500, -1);
                case THROTTLE_429 -> {
                    exchange.getResponseHeaders().add("Retry-After", "1");
                    exchange.sendResponseHeaders(429, -1);
                }
                default -> {
                    if (ceId != null) {
                        accepted.computeIfAbsent(ceId, id -> new AtomicInteger()).incrementAndGet();
                    }
                    exchange.sendResponseHeaders(200, -1);
                }
            }
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
