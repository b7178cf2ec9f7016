package io.hookwarden.runtime.worker;

import io.hookwarden.api.v1alpha1.QueueType;
import io.hookwarden.runtime.config.Source;
import io.hookwarden.runtime.sqs.OutgoingEvent;
import io.hookwarden.runtime.store.EventIds;
import io.hookwarden.runtime.testing.WorkerHarness;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivery throughput of one worker: N events already on a standard queue (and in PostgreSQL), a
 * local sink that answers 200 at once; prints events/s from the first to the last request the sink
 * sees, and the time until every event is recorded done and its message deleted.
 * Usage: WorkerBenchmark [events] [concurrency] [pollers]
 */
public final class WorkerBenchmark {
    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int pollers = args.length > 2 ? Integer.parseInt(args[2]) : 4;

        Vertx sinkVertx = Vertx.vertx();
        AtomicLong received = new AtomicLong();
        AtomicLong firstAt = new AtomicLong();
        AtomicLong lastAt = new AtomicLong();
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        HttpServer sink = sinkVertx.createHttpServer().requestHandler(request -> request.end().onComplete(done -> {
            long now = System.nanoTime();
            firstAt.compareAndSet(0, now);
            lastAt.set(now);
            received.incrementAndGet();
            request.response().setStatusCode(200).end();
        }));
        sink.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        try (WorkerHarness harness = new WorkerHarness("""
                apiVersion: v1
                kind: Secret
                metadata: {name: s, namespace: bench}
                stringData: {k: secret}
                ---
                apiVersion: hookwarden.io/v1alpha1
                kind: WebhookSource
                metadata: {name: bench, namespace: bench}
                spec:
                  verification: {scheme: hmac-sha256-v1, secretRef: {name: s, key: k}}
                  queue: {visibilityTimeoutSeconds: 60}
                  sink: {url: "http://127.0.0.1:%d/sink", timeoutSeconds: 10, concurrency: %d}
                """.formatted(port, concurrency))) {
            Source source = harness.source("bench");
            System.out.printf("preloading %d events into PostgreSQL and SQS...%n", events);
            long loadStart = System.nanoTime();
            preload(harness, source, events);
            System.out.printf("preloaded in %.1f s%n", (System.nanoTime() - loadStart) / 1e9);

            Vertx workerVertx = Vertx.vertx();
            Worker worker = new Worker(List.of(source), harness.events(), harness.queues(), workerVertx,
                    new SimpleMeterRegistry(), new WorkerSettings(pollers, Duration.ofSeconds(1), Duration.ofSeconds(60),
                            Duration.ofSeconds(10)));
            Map<String, Long> cpuBefore = cpuByThreadGroup();
            long start = System.nanoTime();
            worker.start();
            long lastReport = start;
            while (received.get() < events) {
                Thread.sleep(200);
                if (System.nanoTime() - lastReport > 5_000_000_000L) {
                    lastReport = System.nanoTime();
                    System.out.printf("  %d delivered after %.1f s%n", received.get(), (lastReport - start) / 1e9);
                }
            }
            double deliverSeconds = (lastAt.get() - firstAt.get()) / 1e9;
            while (done(harness) < events || harness.depth(source.queueName()) > 0) {
                Thread.sleep(100);
            }
            double settledSeconds = (System.nanoTime() - start) / 1e9;
            Map<String, Long> cpuAfter = cpuByThreadGroup();
            System.out.println("CPU seconds in this JVM while delivering, by thread group (PostgreSQL runs in its own processes):");
            cpuAfter.forEach((group, nanos) -> {
                double used = (nanos - cpuBefore.getOrDefault(group, 0L)) / 1e9;
                if (used >= 0.05) {
                    System.out.printf("  %-45s %6.1f s  (%.0f µs per event)%n", group, used, used * 1e6 / events);
                }
            });
            worker.close();
            workerVertx.close();
            System.out.printf("delivered %d events in %.2f s: %.0f events/s (sink requests %d; all done in PostgreSQL and "
                    + "deleted from SQS after %.2f s: %.0f events/s) [concurrency %d, pollers %d, %d cores, load %.1f]%n",
                    events, deliverSeconds, events / deliverSeconds, received.get(), settledSeconds, events / settledSeconds,
                    concurrency, pollers, Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        } finally {
            sinkVertx.close();
        }
    }

    private static void preload(WorkerHarness harness, Source source, int events) throws Exception {
        List<OutgoingEvent> all = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            all.add(new OutgoingEvent(EventIds.next(), source, "bench.event", null, "application/json", null,
                    "{\"n\":" + i + ",\"pad\":\"" + "x".repeat(200) + "\"}"));
        }
        for (int from = 0; from < events; from += 5_000) {
            harness.insert(all.subList(from, Math.min(events, from + 5_000)), "queued");
        }
        String url = harness.queues().url(source.queueName());
        boolean fifo = source.queueType() == QueueType.FIFO;
        ExecutorService senders = Executors.newFixedThreadPool(8);
        List<Future<?>> sends = new ArrayList<>();
        for (int from = 0; from < events; from += 10) {
            List<OutgoingEvent> chunk = all.subList(from, Math.min(events, from + 10));
            sends.add(senders.submit(() -> {
                var entries = new ArrayList<software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry>();
                for (int i = 0; i < chunk.size(); i++) {
                    entries.add(chunk.get(i).toEntry(Integer.toString(i), fifo, chunk.get(i).id().toString()));
                }
                harness.sqs().sendMessageBatch(r -> r.queueUrl(url).entries(entries));
            }));
        }
        for (Future<?> send : sends) {
            send.get();
        }
        senders.shutdown();
    }

    /** Thread CPU time summed by thread name without its trailing number: worker, Vert.x, ElasticMQ, ... */
    private static Map<String, Long> cpuByThreadGroup() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> groups = new TreeMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                if (cpu > 0) {
                    groups.merge(info.getThreadName().replaceAll("[-#]?\\d+$", ""), cpu, Long::sum);
                }
            }
        }
        return groups;
    }

    private static long done(WorkerHarness harness) throws Exception {
        try (Connection c = harness.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM events WHERE status = 'done'");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
