package io.hookwarden.runtime.process;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Signed webhooks to source shop from a few threads, each pausing between requests, until stopped or for at most
 * {@link #MAX_RUN_MILLIS}: every 2xx answer is recorded with when its request was sent and answered.
 */
final class SignedLoad implements AutoCloseable {
    static final long MAX_RUN_MILLIS = 5 * 60_000;

    /** A 2xx answer: the event id, and the request's send and answer times (System.nanoTime). */
    record Ack(String eventId, long sentNanos, long answeredNanos) {
    }

    private final ExecutorService producers;
    private final Map<String, Ack> acked = new ConcurrentHashMap<>();
    private final AtomicInteger sent = new AtomicInteger();
    private volatile boolean running = true;

    private SignedLoad(int port, int threads, long pauseMillis) {
        producers = Executors.newFixedThreadPool(threads);
        long until = System.currentTimeMillis() + MAX_RUN_MILLIS;
        for (int t = 0; t < threads; t++) {
            producers.submit(() -> {
                while (running && System.currentTimeMillis() < until && !Thread.currentThread().isInterrupted()) {
                    String key = UUID.randomUUID().toString();
                    String body = "{\"id\":\"" + key + "\",\"n\":" + sent.incrementAndGet() + "}";
                    long sentAt = System.nanoTime();
                    try {
                        HttpResponse<String> response = PackagedRuntime.post(port, key, body);
                        if (response.statusCode() / 100 == 2) {
                            acked.put(key, new Ack(PackagedRuntime.eventId(response.body()), sentAt, System.nanoTime()));
                        }
                    } catch (IOException e) {
                        // The runtime is down or cut off: that is the fault under test; the producer retries later.
                    }
                    Thread.sleep(pauseMillis);
                }
                return null;
            });
        }
    }

    static SignedLoad start(int port) {
        return new SignedLoad(port, 4, 25);
    }

    int ackedCount() {
        return acked.size();
    }

    /** Stops the producers and waits for their last requests. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        producers.shutdown();
        if (!producers.awaitTermination(30, TimeUnit.SECONDS)) {
            producers.shutdownNow();
        }
    }

    Collection<String> eventIds() {
        return acked.values().stream().map(Ack::eventId).toList();
    }

    /** Acknowledgements of requests sent after {@code fromNanos} and answered before {@code toNanos}. */
    List<Ack> ackedWithin(long fromNanos, long toNanos) {
        List<Ack> within = new ArrayList<>();
        for (Ack ack : acked.values()) {
            if (ack.sentNanos() - fromNanos > 0 && toNanos - ack.answeredNanos() > 0) {
                within.add(ack);
            }
        }
        return within;
    }
}
