package io.hookwarden.runtime.metrics;

import static io.hookwarden.runtime.testing.Signer.post;
import static io.hookwarden.runtime.testing.Signer.signed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.hookwarden.api.metrics.Metric;
import io.hookwarden.api.metrics.MetricLabels;
import io.hookwarden.api.runtime.RuntimeEndpoints;
import io.hookwarden.runtime.testing.LocalInfrastructureResource;
import io.hookwarden.runtime.testing.ManagementInterface;
import io.hookwarden.runtime.testing.Signer;
import io.hookwarden.runtime.testing.TestSink;
import io.hookwarden.runtime.testing.TestSink.Answer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What the runtime really publishes on {@code /q/metrics} after real deliveries (successes, each kind
 * of transient failure, a throttle, dead letters) and real ingest outcomes, as series names and label
 * sets without values. The operator's alert rule tests build their input from the committed file;
 * regenerate it with {@code ./mvnw -B -pl ingest-runtime -am verify -Dtest=RuntimeScrapeTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dtestdata.update=true} (not hookwarden.*: the runtime refuses
 * properties under its prefix that it does not know).
 */
@QuarkusTest
@QuarkusTestResource(value = RuntimeScrapeTest.Infrastructure.class, restrictToAnnotatedClass = true)
class RuntimeScrapeTest {
    static final String NAMESPACE = "test";
    static final String SOURCE = "scrape";
    private static final String SINK_PATH = "/scrape";
    private static final Path COMMITTED = Path.of("../testdata/runtime-metrics.prom");
    /** {@code name{labels} value}: a sample line of the Prometheus text format. */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? \\S+$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** Histogram bucket bounds are the runtime's choice, not a contract alert rules can rely on. */
    private static final String BUCKET_BOUND = "le";

    /** PostgreSQL, ElasticMQ and a sink that answers each event as its body asks. */
    public static class Infrastructure extends LocalInfrastructureResource {
        static TestSink sink;

        @Override
        public Map<String, String> start() {
            sink = new TestSink();
            sink.script(SINK_PATH, (request, attempt) -> answer(request.body(), attempt));
            Map<String, String> config = new HashMap<>(super.start());
            config.put("hookwarden.mode", "local");
            config.put("hookwarden.sources", writeSources(sink.url(SINK_PATH)).toString());
            config.put("hookwarden.admin.port", "0");
            config.put("hookwarden.worker.poll-wait", "1s");
            config.put("hookwarden.sqs.stats-interval", "1s");
            return config;
        }

        /** One source, two secrets (so both signature keys are counted), two receives before the DLQ. */
        private static Path writeSources(String sinkUrl) {
            try {
                return Files.writeString(Files.createTempFile("sources", ".yaml"), """
                        apiVersion: v1
                        kind: Secret
                        metadata: {name: s, namespace: %1$s}
                        stringData: {current: %3$s, previous: %4$s}
                        ---
                        apiVersion: hookwarden.io/v1alpha1
                        kind: WebhookSource
                        metadata: {name: %2$s, namespace: %1$s}
                        spec:
                          verification:
                            scheme: hmac-sha256-v1
                            secretRef: {name: s, key: current}
                            additionalSecretRefs: [{name: s, key: previous}]
                          queue: {visibilityTimeoutSeconds: 5, deadLetter: {maxReceiveCount: 2}}
                          sink: {url: "%5$s", timeoutSeconds: 1, retry: {initialBackoffSeconds: 1, maxBackoffSeconds: 1}}
                        """.formatted(NAMESPACE, SOURCE, Signer.CURRENT_SECRET, Signer.PREVIOUS_SECRET, sinkUrl));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** First attempts fail as the body's {@code case} says; the retry succeeds, except for always_5xx. */
        private static Answer answer(String body, int attempt) {
            String kind = body.replaceAll(".*\"case\":\"([a-z0-9_]+)\".*", "$1");
            if (kind.equals("always_5xx")) {
                return Answer.status(500);
            }
            if (attempt > 1) {
                return Answer.status(200);
            }
            return switch (kind) {
                case "5xx_once" -> Answer.status(503);
                case "4xx_once" -> Answer.status(400);
                case "timeout_once" -> Answer.never();
                case "throttled_once" -> new Answer(429, Map.of("Retry-After", "1"), 0);
                default -> Answer.status(200);
            };
        }

        @Override
        public void stop() {
            super.stop();
            sink.close();
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Test
    void publishedSeriesMatchTheCommittedScrape() throws Exception {
        List<String> delivered = List.of("ok", "5xx_once", "4xx_once", "timeout_once", "throttled_once").stream()
                .map(kind -> post(SOURCE, signed(body(kind))).then().statusCode(202)
                        .extract().<String>path("event_id"))
                .toList();
        String deadLetter = post(SOURCE, signed(body("always_5xx"))).then().statusCode(202)
                .extract().path("event_id");
        ingestOutcomesBesidesAccepted();

        await().atMost(Duration.ofMinutes(3)).until(() -> delivered.stream().allMatch(id -> "done".equals(status(id)))
                && "dead_lettered".equals(status(deadLetter)));
        String[] poll = new String[1];
        // Queue depths and dead-letter stats are polled each second: wait until the dead letter shows.
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            poll[0] = RestAssured.get(ManagementInterface.url(RuntimeEndpoints.METRICS_PATH)).asString();
            return poll[0].contains("hookwarden_dlq_events{namespace=\"" + NAMESPACE + "\",source=\"" + SOURCE + "\"} 1");
        });
        Set<String> scraped = series(poll[0]);

        if (Boolean.getBoolean("testdata.update")) {
            Files.writeString(COMMITTED, header() + String.join("\n", scraped) + "\n", StandardCharsets.UTF_8);
        }
        assertThat(Files.readAllLines(COMMITTED).stream().filter(line -> !line.startsWith("#")).toList())
                .as("testdata/runtime-metrics.prom drifted from what the runtime publishes; regenerate it as "
                        + "RuntimeScrapeTest's javadoc says and check the operator's alert rules against it")
                .containsExactlyElementsOf(scraped);
    }

    @Test
    void everyPublishedSeriesIsAnApiMetricWithItsLabels() {
        post(SOURCE, signed(body("ok"))).then().statusCode(202);
        Map<String, Metric> bySeriesName = Arrays.stream(Metric.values())
                .flatMap(metric -> metric.seriesNames().stream().map(name -> Map.entry(name, metric)))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));

        for (String series : series(RestAssured.get(ManagementInterface.url(RuntimeEndpoints.METRICS_PATH)).asString())) {
            String name = series.substring(0, series.indexOf('{') < 0 ? series.length() : series.indexOf('{'));
            assertThat(bySeriesName).as("api Metric publishing %s", series).containsKey(name);
            assertThat(labels(series).keySet()).as("labels of %s", series)
                    .containsExactlyInAnyOrderElementsOf(bySeriesName.get(name).labels());
        }
    }

    /** A duplicate, a bad signature and a request signed with the previous secret. */
    private static void ingestOutcomesBesidesAccepted() {
        String key = UUID.randomUUID().toString();
        String repeated = body("ok");
        String first = post(SOURCE, signed(repeated, key)).then().statusCode(202).extract().path("event_id");
        post(SOURCE, signed(repeated, key)).then().body("event_id", equalTo(first));
        String body = body("ok");
        String timestamp = Signer.now();
        post(SOURCE, RestAssured.given().contentType("application/json")
                .header("X-Timestamp", timestamp)
                .header("X-Idempotency-Key", UUID.randomUUID().toString())
                .header("X-Signature", Signer.sign("not-the-secret", timestamp, body.getBytes(StandardCharsets.UTF_8)))
                .body(body)).then().statusCode(401);
        post(SOURCE, RestAssured.given().contentType("application/json")
                .header("X-Timestamp", timestamp)
                .header("X-Idempotency-Key", UUID.randomUUID().toString())
                .header("X-Signature", Signer.sign(Signer.PREVIOUS_SECRET, timestamp, body.getBytes(StandardCharsets.UTF_8)))
                .body(body)).then().statusCode(202);
    }

    /**
     * A body the sink answers as {@code kind} says, unique per call: signatures are single-use, so the same
     * signed bytes under a new idempotency key would be refused as a replay.
     */
    private static String body(String kind) {
        return "{\"case\":\"" + kind + "\",\"nonce\":\"" + UUID.randomUUID() + "\"}";
    }

    private String status(String eventId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT status FROM events WHERE id = ?")) {
            s.setObject(1, UUID.fromString(eventId));
            ResultSet rs = s.executeQuery();
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The runtime's own series ({@code hookwarden_*}), labels sorted, bucket bounds and values left out. */
    private static Set<String> series(String exposition) {
        Set<String> series = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (line.startsWith("hookwarden_") && sample.matches()) {
                Map<String, String> labels = labels(line.substring(0, line.lastIndexOf(' ')));
                labels.remove(BUCKET_BOUND);
                if (!isThisSources(labels)) {
                    // Meters of sources that other test classes served in this JVM: not what this test produced.
                    continue;
                }
                series.add(sample.group(1) + (labels.isEmpty() ? "" : labels.entrySet().stream()
                        .map(label -> label.getKey() + "=\"" + label.getValue() + "\"")
                        .collect(Collectors.joining(",", "{", "}"))));
            }
        }
        return series;
    }

    /** Series of this test's source, its queues, or of no source at all. */
    private static boolean isThisSources(Map<String, String> labels) {
        String source = labels.get(MetricLabels.SOURCE);
        String queue = labels.get(MetricLabels.QUEUE);
        return (source == null || source.equals(SOURCE)) && (queue == null || queue.contains(NAMESPACE + "-" + SOURCE));
    }

    private static Map<String, String> labels(String series) {
        Map<String, String> labels = new TreeMap<>();
        int brace = series.indexOf('{');
        if (brace >= 0) {
            Matcher label = LABEL.matcher(series.substring(brace));
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
        }
        return labels;
    }

    private static String header() {
        return """
                # The series the ingest runtime publishes on /q/metrics after real deliveries, without values.
                # Generated by ingest-runtime RuntimeScrapeTest, read by the operator's alert rule tests.
                # source: %s/%s
                """.formatted(NAMESPACE, SOURCE);
    }
}
