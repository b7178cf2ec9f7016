package io.hookwarden.runtime.store;

import static io.hookwarden.runtime.testing.Signer.post;
import static io.hookwarden.runtime.testing.Signer.signed;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.hookwarden.runtime.testing.LocalInfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One event PostgreSQL cannot store fails alone; the requests group-committed with it are stored. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfrastructureResource.class, restrictToAnnotatedClass = true)
class BatchIsolationTest {
    @Inject
    AgroalDataSource dataSource;

    @Test
    void aBurstWithNulInTypeAndIdAnswersThosePoisoned400AndStoresEveryOtherRequest() throws Exception {
        // The burst that once got 503 for 35 of 40: text columns refuse NUL, and it failed the whole batch.
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            bodies.add(switch (i % 8) {
                case 0 -> "{\"type\":\"poison\\u0000\",\"id\":\"" + i + "\"}";
                case 4 -> "{\"type\":\"t\",\"id\":\"poison\\u0000" + i + "\"}";
                default -> "{\"type\":\"healthy\",\"id\":\"" + i + "\"}";
            });
        }
        Map<String, Integer> answers = burst(bodies);
        assertThat(answers).containsExactlyInAnyOrderEntriesOf(Map.of(
                "202 healthy", 30, "400 invalid_event_type", 5, "400 invalid_external_id", 5));
    }

    @Test
    void aBodyJsonbRefusesIsStoredRawAndTheOthersOfItsBatchKeepTheirParsedCopy() throws Exception {
        // 1e1000000 is valid JSON that jsonb cannot hold (numeric overflow): only its own parsed copy is dropped.
        String marker = UUID.randomUUID().toString();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            bodies.add(i % 10 == 0 ? "{\"type\":\"huge\",\"m\":\"" + marker + "\",\"i\":" + i + ",\"n\":1e1000000}"
                    : "{\"type\":\"healthy\",\"m\":\"" + marker + "\",\"n\":" + i + "}");
        }
        assertThat(burst(bodies)).containsExactlyInAnyOrderEntriesOf(Map.of("202 huge", 4, "202 healthy", 36));
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT event_type, count(*) FILTER (WHERE payload IS NOT NULL) FROM events "
                        + "WHERE convert_from(raw_body, 'UTF8') LIKE ? GROUP BY event_type")) {
            s.setString(1, "%" + marker + "%");
            Map<String, Integer> parsed = new TreeMap<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    parsed.put(rs.getString(1), rs.getInt(2));
                }
            }
            assertThat(parsed).containsExactlyInAnyOrderEntriesOf(Map.of("healthy", 36, "huge", 0));
        }
    }

    @Test
    void theStoreSplitsABatchUntilTheEventPostgresRefusesIsAloneAndCommitsTheRest() throws Exception {
        // Past the ingest checks (say a text field they do not know of): the group commit itself must isolate it.
        EventStore store = new EventStore(dataSource, 1, 256, 1000, () -> {
        });
        try {
            List<IncomingEvent> events = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                events.add(event(i == 17 ? "poison\u0000" : "healthy"));
            }
            List<java.util.concurrent.CompletableFuture<StoreOutcome>> outcomes = events.stream().map(store::store).toList();
            Map<String, Integer> byOutcome = new TreeMap<>();
            for (java.util.concurrent.CompletableFuture<StoreOutcome> outcome : outcomes) {
                byOutcome.merge(outcome.get(30, java.util.concurrent.TimeUnit.SECONDS).getClass().getSimpleName(), 1, Integer::sum);
            }
            assertThat(byOutcome).containsExactlyInAnyOrderEntriesOf(Map.of("Accepted", 29, "Unstorable", 1));
        } finally {
            store.close();
        }
    }

    private static IncomingEvent event(String type) {
        String key = UUID.randomUUID().toString();
        byte[] body = ("{\"k\":\"" + key + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return new IncomingEvent(EventIds.next(), "shop", key, key, type, null, null, body, "application/json", null,
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Sends the bodies at once; counts answers as "status type" (2xx) or "status error" (refusals). */
    private static Map<String, Integer> burst(List<String> bodies) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(bodies.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> answers = new ArrayList<>();
        for (String body : bodies) {
            RequestSpecification request = signed(body);
            String type = body.substring(9, body.indexOf('"', 9));
            answers.add(pool.submit(() -> {
                go.await();
                Response response = post("shop", request);
                return response.statusCode() + " "
                        + (response.statusCode() < 300 ? type : response.jsonPath().getString("error"));
            }));
        }
        go.countDown();
        Map<String, Integer> counted = new TreeMap<>();
        for (Future<String> answer : answers) {
            counted.merge(answer.get(), 1, Integer::sum);
        }
        pool.shutdown();
        return counted;
    }
}
