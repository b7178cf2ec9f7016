package io.hookwarden.runtime.store;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.hookwarden.runtime.local.LocalInfrastructure;
import io.hookwarden.api.metrics.FailureClass;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;

/**
 * The console's queries on a large events table: N events (default 1,000,000) over four sources and
 * about three days, 1% dead-lettered, in the embedded PostgreSQL local mode uses; prints the median
 * and p95 of each query over repeated runs, and the plan of the list query. Not a test: run it by hand
 * (docs/console.md says how). Usage: EventSearchBenchmark [events] [runs]
 */
public final class EventSearchBenchmark {
    private static final List<String> SOURCES = List.of("orders", "billing", "shipping", "crm");

    @FunctionalInterface
    private interface Query {
        Object run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        try (LocalInfrastructure infrastructure = LocalInfrastructure.start(Files.createTempDirectory("hookwarden-search-bench"));
                AgroalDataSource dataSource = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                        .connectionPoolConfiguration(pool -> pool.maxSize(4)
                                .connectionFactoryConfiguration(factory -> factory.jdbcUrl(infrastructure.jdbcUrl())
                                        .principal(new NamePrincipal("postgres")).credential(new SimplePassword("postgres")))))) {
            Flyway.configure().dataSource(dataSource).load().migrate();
            long started = System.nanoTime();
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("""
                        INSERT INTO events (id, source, event_type, external_id, idempotency_key, body_hash, raw_body, content_type,
                                            received_at, status, enqueued_at, attempts, last_error, failure_class, delivered_at,
                                            dead_lettered_at)
                        SELECT gen_random_uuid(), (ARRAY['orders','billing','shipping','crm'])[1 + g %% 4],
                               (ARRAY['order.paid','order.shipped','invoice.created','customer.updated'])[1 + (g / 4) %% 4],
                               'ext-' || g, 'key-' || g, md5(g::text), convert_to('{"n":' || g || '}', 'UTF8'), 'application/json',
                               t, CASE WHEN g %% 100 = 0 THEN 'dead_lettered' ELSE 'done' END, t + interval '5 ms',
                               CASE WHEN g %% 100 = 0 THEN 5 ELSE 1 END,
                               CASE WHEN g %% 100 = 0 THEN 'HTTP 503' END, CASE WHEN g %% 100 = 0 THEN 'http_5xx' END,
                               CASE WHEN g %% 100 <> 0 THEN t + (g %% 900) * interval '1 ms' END,
                               CASE WHEN g %% 100 = 0 THEN t + interval '2 minutes' END
                        FROM generate_series(1, %d) g, LATERAL (SELECT now() - g * interval '250 ms') AS at(t)""".formatted(events));
                s.execute("ANALYZE events");
            }
            System.out.printf("inserted %,d events in %.1f s%n", events, (System.nanoTime() - started) / 1e9);

            EventSearch search = new EventSearch(dataSource);
            EventSearch.Filter all = new EventSearch.Filter(SOURCES, null, null, null, null, null, null);
            EventSearch.Cursor deep = cursorAt(dataSource, 100_000);
            Instant now = Instant.now();
            String someId;
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT id FROM events OFFSET " + events / 2 + " LIMIT 1")) {
                rs.next();
                someId = rs.getString(1);
            }
            time("first page, all sources, no filter", runs, () -> search.list(all, null, 50));
            time("page after 100,000 newer events (keyset)", runs, () -> search.list(all, deep, 50));
            time("one source, dead_lettered, http_5xx", runs, () -> search.list(new EventSearch.Filter(List.of("billing"), null,
                    EventStatus.DEAD_LETTERED, FailureClass.HTTP_5XX, null, null, null), null, 50));
            time("event type in the last 6 hours", runs, () -> search.list(new EventSearch.Filter(SOURCES, "invoice.created", null,
                    null, now.minus(Duration.ofHours(6)), null, null), null, 50));
            time("search by external id", runs, () -> search.list(new EventSearch.Filter(SOURCES, null, null, null, null, null,
                    "ext-" + events / 3), null, 50));
            time("search by idempotency key", runs, () -> search.list(new EventSearch.Filter(SOURCES, null, null, null, null, null,
                    "key-" + events / 5), null, 50));
            time("search by event id", runs, () -> search.list(new EventSearch.Filter(SOURCES, null, null, null, null, null,
                    someId), null, 50));
            time("event detail", runs, () -> search.detail(UUID.fromString(someId), SOURCES));
            time("dead letters per source", runs, () -> search.deadLetters(SOURCES));
            time("chart minutes, one source, last hour", runs, () -> search.minutes("orders", now, Duration.ofHours(1)));
            time("chart minutes, one source, last day", runs, () -> search.minutes("orders", now, Duration.ofDays(1)));
            time("DLQ depth, one source, last day", runs, () -> search.depth("billing", now, Duration.ofDays(1)));
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("""
                            EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM events WHERE source = ANY('{orders,billing,shipping,crm}')
                            ORDER BY received_at DESC, id DESC LIMIT 51""")) {
                System.out.println("\nplan of the first page:");
                while (rs.next()) {
                    System.out.println("  " + rs.getString(1));
                }
            }
        }
    }

    private static EventSearch.Cursor cursorAt(AgroalDataSource dataSource, int offset) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT received_at, id FROM events ORDER BY received_at DESC, id DESC OFFSET "
                        + offset + " LIMIT 1")) {
            rs.next();
            return new EventSearch.Cursor(rs.getObject(1, java.time.OffsetDateTime.class).toInstant(), rs.getObject(2, UUID.class));
        }
    }

    private static void time(String name, int runs, Query query) throws Exception {
        query.run();
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            long started = System.nanoTime();
            query.run();
            millis[i] = (System.nanoTime() - started) / 1e6;
        }
        Arrays.sort(millis);
        System.out.printf("%-45s median %7.2f ms   p95 %7.2f ms%n", name, millis[runs / 2], millis[(int) Math.ceil(runs * 0.95) - 1]);
    }
}
