package io.hookwarden.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar … console} as the chart runs it: alone against a real PostgreSQL that the runtime migrated, connected
 * as the role examples/console-role.sql creates, with WebhookSources of two namespaces and none of their Secrets.
 */
class ConsoleCommandIT {
    private static final String TOKEN = "console-command-admin-token";
    private static final String ROLE_PASSWORD = "console-role-password";
    private static final String MANIFESTS = """
            apiVersion: hookwarden.io/v1alpha1
            kind: WebhookSource
            metadata: {name: orders, namespace: shop}
            spec:
              verification: {scheme: hmac-sha256-v1, secretRef: {name: hooks, key: secret}}
            ---
            apiVersion: hookwarden.io/v1alpha1
            kind: WebhookSource
            metadata: {name: invoices, namespace: finance}
            spec:
              verification: {scheme: hmac-sha256-v1, secretRef: {name: hooks, key: secret}}
            """;

    @TempDir
    static Path dir;

    static EmbeddedPostgres postgres;
    static Process console;
    static int adminPort;
    static UUID shopEvent = UUID.randomUUID();
    static UUID financeEvent = UUID.randomUUID();

    @BeforeAll
    static void startConsole() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();
        try (Connection owner = postgres.getPostgresDatabase().getConnection(); Statement sql = owner.createStatement()) {
            sql.execute(Files.readString(Path.of("../examples/console-role.sql")));
            sql.execute("ALTER ROLE hookwarden_console PASSWORD '" + ROLE_PASSWORD + "'");
            insertEvent(owner, shopEvent, "shop/orders");
            insertEvent(owner, financeEvent, "finance/invoices");
        }
        Path manifests = Files.writeString(dir.resolve("sources.yaml"), MANIFESTS);
        Path token = Files.writeString(dir.resolve("admin-token"), TOKEN + "\n");
        int port = PackagedRuntime.freePort();
        adminPort = PackagedRuntime.freePort();
        console = PackagedRuntime.start(dir, List.of(
                "-Dquarkus.datasource.jdbc.url=" + postgres.getJdbcUrl("hookwarden_console", "postgres"),
                "-Dquarkus.datasource.username=hookwarden_console",
                "-Dquarkus.datasource.password=" + ROLE_PASSWORD,
                "-Dhookwarden.admin.token-file=" + token,
                "-Dhookwarden.admin.port=" + adminPort,
                "-Dhookwarden.sqs.endpoint=http://127.0.0.1:" + PackagedRuntime.freePort()),
                List.of("console", "--sources", manifests.toString(), "--port", Integer.toString(port)));
    }

    private static void insertEvent(Connection owner, UUID id, String source) throws SQLException {
        try (PreparedStatement insert = owner.prepareStatement("""
                INSERT INTO events (id, source, idempotency_key, body_hash, raw_body, content_type, status)
                VALUES (?, ?, ?, 'h', convert_to('{}', 'UTF8'), 'application/json', 'done')""")) {
            insert.setObject(1, id);
            insert.setString(2, source);
            insert.setString(3, id.toString());
            insert.executeUpdate();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        PackagedRuntime.stop(console);
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void theConsoleCommandLogsInWithTheAdminTokenAndListsBothNamespacesEvents() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String base = "http://127.0.0.1:" + adminPort + "/console";
        HttpResponse<String> loginPage = browser.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher csrf = Pattern.compile("name=\"([^\"]+)\" value=\"([^\"]+)\"").matcher(loginPage.body());
        assertThat(csrf.find()).as(loginPage.body()).isTrue();
        String form = URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(csrf.group(2), StandardCharsets.UTF_8)
                + "&token=" + URLEncoder.encode(TOKEN, StandardCharsets.UTF_8);

        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(303);
        assertThat(login.headers().firstValue("Location")).contains("/console/events");

        HttpResponse<String> events = browser.send(HttpRequest.newBuilder(URI.create(base + "/events")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(events.statusCode()).isEqualTo(200);
        assertThat(events.body()).contains("data-event-id=\"" + shopEvent + "\"", "data-event-id=\"" + financeEvent + "\"")
                .contains("<option value=\"finance\"", "<option value=\"shop\"").doesNotContain(TOKEN);
    }

    @Test
    void theConsolesRoleCanChangeOnlyWhatReplayAndRequeueChange() throws Exception {
        try (Connection role = DriverManager.getConnection(postgres.getJdbcUrl("hookwarden_console", "postgres"),
                "hookwarden_console", ROLE_PASSWORD); Statement sql = role.createStatement()) {
            assertThat(sql.executeUpdate("UPDATE events SET status = status, enqueued_at = enqueued_at WHERE id = '" + shopEvent + "'"))
                    .isEqualTo(1);
            assertThatThrownBy(() -> sql.executeUpdate("UPDATE events SET raw_body = 'x' WHERE id = '" + shopEvent + "'"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> sql.executeUpdate("DELETE FROM events")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> sql.executeUpdate("DELETE FROM delivery_attempts")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> sql.executeUpdate("INSERT INTO ingest_minutes VALUES ('s', now(), 'accepted', 1)"))
                    .hasMessageContaining("permission denied");
        }
    }
}
