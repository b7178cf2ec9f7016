package io.hookwarden.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookwarden.api.runtime.RuntimeSettings;
import io.hookwarden.runtime.config.Manifests;
import io.hookwarden.runtime.config.Source;
import io.hookwarden.runtime.config.SourceRegistry;
import io.hookwarden.runtime.local.LocalInfrastructure;
import io.hookwarden.runtime.sqs.OutgoingEvent;
import io.hookwarden.runtime.sqs.SqsClients;
import io.hookwarden.runtime.store.EventIds;
import io.hookwarden.runtime.testing.Signer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The fault suite: the packaged runtime as an ingest process and a worker process (serve and worker modes), on a real
 * PostgreSQL server process and ElasticMQ (reached through a link that can be cut), delivering to an idempotent sink,
 * under signed load. After each fault, every acknowledged event must be stored, have left the outbox, and have been
 * accepted by the sink exactly once as far as the pipeline is concerned: copies reach the sink only where a worker
 * died between the sink's answer and recording it, and the sink recognises them by ce-id. The table of what each
 * fault did is printed and written to target/fault-table.md (see docs/operating.md, "Faults").
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteIT {
    private static final String SOURCE_ID = "it/shop";
    private static final Duration DRAIN = Duration.ofSeconds(180);
    private static final Path TABLE = Path.of("target/fault-table.md");

    @TempDir
    static Path dir;

    private final FaultTable table = new FaultTable();
    private LocalInfrastructure infrastructure;
    private CuttableLink sqsLink;
    private IdempotentSink sink;
    private Path manifest;
    private final int ingestPort = freePort();
    private final int workerPort = freePort();
    private Process ingest;
    private Process worker;

    @BeforeAll
    void start() throws IOException {
        infrastructure = LocalInfrastructure.start(dir.resolve("data"));
        sqsLink = new CuttableLink(URI.create(infrastructure.sqsEndpoint()).getPort());
        sink = new IdempotentSink();
        // The visibility timeout is short so that a killed worker's messages come back within the suite's time;
        // the retry policy is the default one, which must ride out the sink's 30 s outage.
        manifest = Files.writeString(dir.resolve("sources.yaml"), PackagedRuntime.MANIFEST + """
                  queue: {visibilityTimeoutSeconds: 10}
                  sink: {url: "%s", timeoutSeconds: 5}
                """.formatted(sink.url()));
        ingest = startRuntime("serve", ingestPort);
        worker = startRuntime("worker", workerPort);
    }

    @AfterAll
    void stop() throws IOException {
        System.out.println("Fault table:\n" + table.render());
        table.write(TABLE);
        for (Process process : new Process[] {ingest, worker}) {
            if (process != null) {
                process.destroyForcibly();
            }
        }
        sink.close();
        sqsLink.close();
        infrastructure.close();
    }

    @Test
    @Order(1)
    void ingestKilledThreeTimesUnderLoadLosesNothingAndDeliversNothingTwice() throws Exception {
        long start = System.nanoTime();
        SignedLoad load = underLoad(running -> {
            for (int kill = 0; kill < 3; kill++) {
                int before = running.ackedCount();
                await().atMost(Duration.ofSeconds(60)).until(() -> running.ackedCount() >= before + 100);
                ingest.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                ingest = startRuntime("serve", ingestPort);
            }
        });
        // A kill between SendMessageBatch and the commit of "queued" sends the event again: the worker must skip it.
        check("kill -9 of ingest under load, x3", load.eventIds(), 0, start);
    }

    @Test
    @Order(2)
    void copiesOnSqsOfDeliveredEventsAreSkippedNotDeliveredAgain() throws Exception {
        long start = System.nanoTime();
        SignedLoad load = underLoad(running -> Thread.sleep(3_000));
        Collection<String> acked = load.eventIds();
        await().atMost(DRAIN).until(() -> acked.stream().allMatch(id -> sink.deliveries(id) > 0));
        // What a relay killed between SendMessageBatch and the commit of "queued" leaves behind, made on purpose
        // (a kill rarely falls into that window): a second message, shaped as the relay shapes it, for each event.
        Source shop = new SourceRegistry(Manifests.load(manifest).sources()).get("shop");
        try (SqsClient sqs = SqsClients.create(
                infrastructure.runtimeConfig().get(RuntimeSettings.SQS_REGION), Optional.of(infrastructure.sqsEndpoint()), true)) {
            String queueUrl = sqs.getQueueUrl(r -> r.queueName(shop.queueName())).queueUrl();
            List<SendMessageBatchRequestEntry> copies = new ArrayList<>();
            for (String id : acked) {
                copies.add(new OutgoingEvent(UUID.fromString(id), shop, null, null, null, null, null)
                        .toEntry(Integer.toString(copies.size()), false, id));
                if (copies.size() == 10) {
                    List<SendMessageBatchRequestEntry> batch = List.copyOf(copies);
                    assertThat(sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(batch)).failed()).isEmpty();
                    copies.clear();
                }
            }
            if (!copies.isEmpty()) {
                assertThat(sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(copies)).failed()).isEmpty();
            }
            // The worker skips the copies (their events are done) and deletes them: the queue empties.
            await().atMost(DRAIN).pollInterval(Duration.ofSeconds(1)).until(() -> sqs.getQueueAttributes(r -> r.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes().values().stream()
                    .allMatch("0"::equals));
        }
        check("a second SQS message for each of " + acked.size() + " delivered events (a relay crash's copies)", acked, 0,
                start);
    }

    @Test
    @Order(3)
    void postgresStoppedFor20SecondsGetsNo2xxAndLosesNothing() throws Exception {
        long start = System.nanoTime();
        Outage outage = outage(infrastructure::stopPostgres, Duration.ofSeconds(20), infrastructure::startPostgres);
        assertThat(outage.load().ackedWithin(outage.fromNanos(), outage.toNanos()))
                .as("2xx answers sent and answered while PostgreSQL was down").isEmpty();
        // A worker that delivered an event while PostgreSQL was down could not record it; when the message comes
        // back the worker records that delivery rather than sending the event to the sink again.
        check("PostgreSQL stopped 20 s under load", outage.load().eventIds(), 0, start);
    }

    @Test
    @Order(4)
    void sqsUnreachableFor60SecondsKeepsAcknowledgingAndDrainsAfter() throws Exception {
        long start = System.nanoTime();
        Outage outage = outage(sqsLink::cut, Duration.ofSeconds(60), sqsLink::restore);
        assertThat(outage.ackedDuring()).as("events acknowledged while SQS was unreachable").isGreaterThan(100);
        check("SQS unreachable 60 s under load", outage.load().eventIds(), 0, start);
    }

    @Test
    @Order(5)
    void workerKilledMidDeliveryRedeliversOnlyWhatWasInFlight() throws Exception {
        long start = System.nanoTime();
        sink.answer(IdempotentSink.Answer.HOLD);
        SignedLoad load = SignedLoad.start(ingestPort);
        await().atMost(Duration.ofSeconds(60)).until(() -> sink.held() >= 5);
        load.close();
        worker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        // The held requests are answered now, to a worker that is gone: the sink applied them, the worker never knew.
        int inFlight = sink.held();
        sink.answer(IdempotentSink.Answer.ACCEPT);
        worker = startRuntime("worker", workerPort);
        check("kill -9 of a worker with " + inFlight + " deliveries in flight", load.eventIds(), inFlight, start);
    }

    @Test
    @Order(6)
    void sinkAnswering500For30SecondsLosesNothing() throws Exception {
        long start = System.nanoTime();
        Outage outage = outage(() -> sink.answer(IdempotentSink.Answer.FAIL_500), Duration.ofSeconds(30),
                () -> sink.answer(IdempotentSink.Answer.ACCEPT));
        check("sink 500 for 30 s", outage.load().eventIds(), 0, start);
    }

    @Test
    @Order(7)
    void sink429StormsAreWaitedOut() throws Exception {
        long start = System.nanoTime();
        SignedLoad load = underLoad(running -> {
            for (int storm = 0; storm < 3; storm++) {
                sink.answer(IdempotentSink.Answer.THROTTLE_429);
                Thread.sleep(5_000);
                sink.answer(IdempotentSink.Answer.ACCEPT);
                Thread.sleep(2_000);
            }
        });
        check("sink 429 storms (3 x 5 s, Retry-After 1)", load.eventIds(), 0, start);
    }

    @Test
    @Order(8)
    void aPoisonEventAtTheHeadOfTheOutboxHoldsNoHealthyEventBack() throws Exception {
        long start = System.nanoTime();
        // What SQS refuses cannot pass ingest any more; a row stored by an older version can still be in the outbox.
        UUID poison = EventIds.next();
        SignedLoad load = underLoad(running -> {
            try (Connection db = database();
                    PreparedStatement insert = db.prepareStatement("""
                            INSERT INTO events (id, source, event_type, idempotency_key, body_hash, raw_body)
                            VALUES (?, ?, ?, ?, 'hash', '{}'::bytea)""")) {
                insert.setObject(1, poison);
                insert.setString(2, SOURCE_ID);
                insert.setString(3, "order\u0001paid");
                insert.setString(4, poison.toString());
                insert.executeUpdate();
            }
            Thread.sleep(10_000);
        });
        check("poison event at the outbox head, healthy load behind it", load.eventIds(), 0, start);
        try (Connection db = database();
                PreparedStatement lag = db.prepareStatement("""
                        SELECT max(extract(epoch FROM enqueued_at - received_at)) FROM events WHERE id = ANY(?::uuid[])""");
                PreparedStatement refused = db.prepareStatement("SELECT status, relay_error FROM events WHERE id = ?")) {
            lag.setArray(1, db.createArrayOf("uuid", load.eventIds().stream().map(UUID::fromString).toArray()));
            ResultSet slowest = lag.executeQuery();
            slowest.next();
            assertThat(slowest.getDouble(1)).as("slowest healthy event's seconds from commit to SQS").isLessThan(3.0);
            refused.setObject(1, poison);
            ResultSet row = refused.executeQuery();
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).as("the poison event stays in the outbox").isEqualTo("received");
            assertThat(row.getString(2)).as("with SQS's reason").isNotBlank();
        }
    }

    @Test
    @Order(9)
    void aDuplicateStormIsOneEventDeliveredOnce() throws Exception {
        long start = System.nanoTime();
        String key = UUID.randomUUID().toString();
        String body = "{\"id\":\"" + key + "\",\"storm\":true}";
        String ts = Signer.now();
        ExecutorService senders = Executors.newFixedThreadPool(16);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            answers.add(senders.submit(() -> PackagedRuntime.post(ingestPort, "shop", key, ts, body)));
        }
        Map<Integer, Integer> byStatus = new ConcurrentHashMap<>();
        Set<String> eventIds = ConcurrentHashMap.newKeySet();
        for (Future<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
            byStatus.merge(response.statusCode(), 1, Integer::sum);
            eventIds.add(PackagedRuntime.eventId(response.body()));
        }
        senders.shutdown();
        assertThat(byStatus).as("answers by status").containsEntry(202, 1).containsEntry(200, 199);
        assertThat(eventIds).as("event ids answered").hasSize(1);
        check("duplicate storm (200 identical signed requests, 16 at once)", eventIds, 0, start);
    }

    private interface Fault {
        void play(SignedLoad running) throws Exception;
    }

    private interface Step {
        void run() throws Exception;
    }

    /** What the producers got around an outage, and when it began and ended (System.nanoTime). */
    private record Outage(SignedLoad load, long fromNanos, long toNanos, int ackedDuring) {
    }

    private Outage outage(Step begin, Duration length, Step end) throws Exception {
        long[] times = new long[2];
        int[] acked = new int[1];
        SignedLoad load = underLoad(running -> {
            begin.run();
            times[0] = System.nanoTime();
            int before = running.ackedCount();
            Thread.sleep(length.toMillis());
            acked[0] = running.ackedCount() - before;
            times[1] = System.nanoTime();
            end.run();
        });
        return new Outage(load, times[0], times[1], acked[0]);
    }

    /** Signed load for 3 s, then the fault, then load until 50 more acknowledgements: what the producers got. */
    private SignedLoad underLoad(Fault fault) throws Exception {
        SignedLoad load = SignedLoad.start(ingestPort);
        Thread.sleep(3_000);
        fault.play(load);
        int before = load.ackedCount();
        await().atMost(Duration.ofSeconds(60)).until(() -> load.ackedCount() >= before + 50);
        load.close();
        return load;
    }

    /** Waits until the sink accepted every acknowledged event, then records the fault's row and checks it. */
    private void check(String fault, Collection<String> acked, int duplicatesAllowed, long startNanos) throws Exception {
        try {
            await().atMost(DRAIN).pollInterval(Duration.ofSeconds(1))
                    .until(() -> acked.stream().allMatch(id -> sink.deliveries(id) > 0));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // Recorded below as lost, and failed on.
        }
        int delivered = 0;
        int duplicates = 0;
        for (String id : acked) {
            int deliveries = sink.deliveries(id);
            delivered += deliveries > 0 ? 1 : 0;
            duplicates += Math.max(0, deliveries - 1);
        }
        int[] storedAndQueued = storedAndQueued(acked);
        FaultTable.Row row = new FaultTable.Row(fault, acked.size(), storedAndQueued[0], storedAndQueued[1], delivered,
                duplicates, acked.size() - delivered, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos));
        table.add(row);
        assertThat(row.acked()).as("acknowledged events").isPositive();
        assertThat(row.stored()).as("stored").isEqualTo(row.acked());
        assertThat(row.queued()).as("sent to SQS").isEqualTo(row.acked());
        assertThat(row.lost()).as("lost").isZero();
        assertThat(row.duplicates()).as("copies at the sink").isLessThanOrEqualTo(duplicatesAllowed);
    }

    private int[] storedAndQueued(Collection<String> ids) throws SQLException {
        try (Connection db = database();
                PreparedStatement count = db.prepareStatement("""
                        SELECT count(*), count(*) FILTER (WHERE status <> 'received') FROM events WHERE id = ANY(?::uuid[])""")) {
            count.setArray(1, db.createArrayOf("uuid", ids.stream().map(UUID::fromString).toArray()));
            ResultSet rs = count.executeQuery();
            rs.next();
            return new int[] {rs.getInt(1), rs.getInt(2)};
        }
    }

    private Connection database() throws SQLException {
        return DriverManager.getConnection(infrastructure.jdbcUrl(), "postgres", "postgres");
    }

    private Process startRuntime(String mode, int port) throws IOException {
        List<String> options = new ArrayList<>(List.of("-Xmx320m"));
        Map<String, String> config = new LinkedHashMap<>(infrastructure.runtimeConfig());
        config.put(RuntimeSettings.SQS_ENDPOINT, "http://127.0.0.1:" + sqsLink.port());
        config.put("hookwarden.worker.poll-wait", "1s");
        config.forEach((key, value) -> options.add("-D" + key + "=" + value));
        return PackagedRuntime.start(dir, options, List.of(mode, "--sources", manifest.toString(), "--port",
                Integer.toString(port)));
    }

    private static int freePort() {
        try {
            return PackagedRuntime.freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
