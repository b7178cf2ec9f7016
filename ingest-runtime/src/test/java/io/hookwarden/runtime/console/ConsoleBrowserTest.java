package io.hookwarden.runtime.console;

import static io.hookwarden.runtime.testing.Signer.post;
import static io.hookwarden.runtime.testing.Signer.signed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.hookwarden.runtime.testing.Browser;
import io.hookwarden.runtime.testing.LocalModeResource;
import io.hookwarden.runtime.testing.Signer;
import io.hookwarden.runtime.testing.TestSink;
import io.hookwarden.runtime.testing.TestSink.Answer;
import io.hookwarden.runtime.DeliveryRuntime;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The console in a real browser (Debian's headless Chromium) on local mode's real PostgreSQL and
 * ElasticMQ, with workers delivering to a real sink: what each page shows is checked against the
 * events table. Each test makes the events it looks at; screenshots of every page go to target/.
 */
@QuarkusTest
@QuarkusTestResource(value = ConsoleBrowserTest.Infrastructure.class, restrictToAnnotatedClass = true)
class ConsoleBrowserTest {
    static final String ADMIN_TOKEN = "console-admin-token-for-tests";

    /** Two sources in two namespaces: orders (shop) delivers, billing (finance) fails until a test fixes it. */
    public static class Infrastructure extends LocalModeResource {
        static TestSink sink;

        @Override
        protected String manifests(TestSink testSink) {
            sink = testSink;
            StringBuilder manifests = new StringBuilder();
            for (String[] source : List.of(new String[] {"orders", "shop"}, new String[] {"billing", "finance"})) {
                manifests.append("""
                        ---
                        apiVersion: v1
                        kind: Secret
                        metadata: {name: s, namespace: %2$s}
                        stringData: {k: %4$s}
                        ---
                        apiVersion: hookwarden.io/v1alpha1
                        kind: WebhookSource
                        metadata: {name: %1$s, namespace: %2$s}
                        spec:
                          verification: {scheme: hmac-sha256-v1, secretRef: {name: s, key: k}}
                          queue: {visibilityTimeoutSeconds: 2, deadLetter: {maxReceiveCount: 2}}
                          sink: {url: "%3$s", timeoutSeconds: 5, retry: {initialBackoffSeconds: 1, maxBackoffSeconds: 1}}
                        """.formatted(source[0], source[1], sink.url("/" + source[0]), Signer.CURRENT_SECRET));
            }
            return manifests.toString();
        }

        @Override
        protected String adminToken() {
            return ADMIN_TOKEN;
        }
    }

    static Browser browser;

    @Inject
    ConsoleRuntime console;

    @Inject
    DeliveryRuntime workers;

    @Inject
    AgroalDataSource dataSource;

    @BeforeAll
    static void startBrowser() {
        browser = new Browser();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    private String base() {
        return "http://127.0.0.1:" + workers.adminPort() + "/console";
    }

    private void open(String path) {
        browser.driver().get(base() + path);
    }

    /** A fresh session through a one-time link, as local mode prints one. */
    private void logIn() {
        browser.driver().manage().deleteAllCookies();
        browser.driver().get(console.oneTimeLoginUrl().orElseThrow());
        browser.waiting().until(ExpectedConditions.urlContains("/console/events"));
    }

    private List<UUID> ingest(String source, int count, String type) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String body = "{\"type\":\"" + type + "\",\"id\":\"" + UUID.randomUUID() + "\",\"amount\":" + (i + 1) * 10 + "}";
            ids.add(UUID.fromString(post(source, signed(body)).then().statusCode(202).extract().path("event_id")));
        }
        return ids;
    }

    private String status(UUID id) throws Exception {
        return single("SELECT status FROM events WHERE id = ?", id);
    }

    private boolean allHaveStatus(List<UUID> ids, String status) throws Exception {
        for (UUID id : ids) {
            if (!status.equals(status(id))) {
                return false;
            }
        }
        return true;
    }

    private String single(String sql, Object... params) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private List<String> column(String sql, Object... params) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        }
        return values;
    }

    private List<String> listedEventIds() {
        return browser.driver().findElements(By.cssSelector("#results tr[data-event-id]")).stream()
                .map(row -> row.getAttribute("data-event-id")).toList();
    }

    /** Labels, both widths, no secret on the page; and its screenshots. */
    private void assertAccessibleAtBothSizes(String name) {
        assertThat(browser.driver().getPageSource()).as(name).doesNotContain(ADMIN_TOKEN).doesNotContain(Signer.CURRENT_SECRET);
        assertThat(browser.unlabelledControls()).as("controls without a label on " + name).isEmpty();
        assertThat(browser.fitsWidth()).as(name + " at 1280x800").isTrue();
        browser.screenshot(name);
        browser.resize(Browser.NARROW);
        try {
            assertThat(browser.fitsWidth()).as(name + " on a narrow window").isTrue();
            browser.screenshot(name + "-narrow");
        } finally {
            browser.resize(Browser.DESKTOP);
        }
    }

    @Test
    void anonymousVisitorsAreSentToTheLoginPageAndAWrongTokenIsRefused() {
        browser.driver().manage().deleteAllCookies();
        open("/events");
        browser.waiting().until(ExpectedConditions.urlContains("/console/login"));
        assertThat(browser.driver().findElement(By.cssSelector("label[for=token]")).getText()).isEqualTo("Admin token");
        browser.screenshot("login");

        browser.driver().findElement(By.id("token")).sendKeys("not-the-token", Keys.ENTER);
        assertThat(browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[role=alert]"))).getText())
                .contains("not the admin token");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/console/login");

        browser.driver().findElement(By.id("token")).sendKeys(ADMIN_TOKEN, Keys.ENTER);
        browser.waiting().until(ExpectedConditions.urlContains("/console/events"));
        assertThat(browser.driver().getPageSource()).doesNotContain(ADMIN_TOKEN).doesNotContain(Signer.CURRENT_SECRET);
    }

    @Test
    void aOneTimeLoginLinkOpensOneSessionOnly() {
        String link = console.oneTimeLoginUrl().orElseThrow();
        assertThat(link).startsWith(base() + "/login?code=");
        browser.driver().manage().deleteAllCookies();
        browser.driver().get(link);
        browser.waiting().until(ExpectedConditions.urlContains("/console/events"));

        browser.driver().manage().deleteAllCookies();
        browser.driver().get(link);
        assertThat(browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[role=alert]"))).getText())
                .contains("used already");
    }

    @Test
    void filtersByNamespaceStatusAndSearchListTheRowsPostgresHolds() throws Exception {
        List<UUID> delivered = ingest("orders", 4, "order.paid");
        await().atMost(Duration.ofSeconds(30)).until(() -> allHaveStatus(delivered, "done"));
        logIn();
        new Select(browser.driver().findElement(By.id("namespace"))).selectByValue("shop");
        new Select(browser.driver().findElement(By.id("status"))).selectByValue("done");
        browser.driver().findElement(By.id("type")).sendKeys("order.paid");
        browser.driver().findElement(By.cssSelector(".filters button[type=submit]")).click();
        browser.waiting().until(ExpectedConditions.urlContains("status=done"));
        browser.waiting().until(d -> listedEventIds().containsAll(delivered.stream().map(UUID::toString).toList()));

        List<String> expected = column("""
                SELECT id FROM events WHERE source = 'shop/orders' AND status = 'done' AND event_type = 'order.paid'
                ORDER BY received_at DESC, id DESC LIMIT 50""");
        assertThat(listedEventIds()).containsExactlyElementsOf(expected);
        assertAccessibleAtBothSizes("events");

        // The search box finds one event by its idempotency key, typed and submitted from the keyboard.
        String key = single("SELECT idempotency_key FROM events WHERE id = ?", delivered.get(2));
        open("/events");
        WebElement search = browser.driver().findElement(By.id("q"));
        search.sendKeys(key, Keys.ENTER);
        browser.waiting().until(d -> listedEventIds().equals(List.of(delivered.get(2).toString())));
    }

    @Test
    void anEventsPageShowsItsBodyTraceAndTimelineAsStored() throws Exception {
        UUID id = ingest("orders", 1, "order.shipped").get(0);
        await().atMost(Duration.ofSeconds(30)).until(() -> "done".equals(status(id)));
        logIn();
        browser.driver().findElement(By.id("q")).sendKeys(id.toString(), Keys.ENTER);
        browser.waiting().until(ExpectedConditions.elementToBeClickable(By.linkText(id.toString()))).click();
        browser.waiting().until(ExpectedConditions.urlContains("/console/events/" + id));

        String raw = single("SELECT convert_from(raw_body, 'UTF8') FROM events WHERE id = ?", id);
        String traceparent = single("SELECT traceparent FROM events WHERE id = ?", id);
        assertThat(browser.driver().findElement(By.id("body-raw")).getText()).isEqualTo(raw);
        assertThat(browser.driver().findElement(By.id("body-pretty")).getText()).contains("\"type\" : \"order.shipped\"");
        assertThat(browser.driver().findElement(By.id("trace-id")).getText()).isEqualTo(traceparent.split("-")[1]);
        assertThat(browser.driver().findElement(By.id("event-status")).getText()).isEqualTo("done");
        assertThat(browser.driver().findElements(By.cssSelector(".timeline li strong")).stream().map(WebElement::getText))
                .containsExactly("Received", "Queued", "Attempts", "Delivered");
        assertAccessibleAtBothSizes("event");
    }

    private long deliveries(UUID id) {
        return Infrastructure.sink.accepted("/orders").stream().filter(r -> id.toString().equals(r.ceId())).count();
    }

    @Test
    void requeueingOneEventDeliversItAgainWithTheSameId() throws Exception {
        UUID id = ingest("orders", 1, "order.refunded").get(0);
        await().atMost(Duration.ofSeconds(30)).until(() -> "done".equals(status(id)));
        String firstQueued = single("SELECT enqueued_at FROM events WHERE id = ?", id);
        long before = deliveries(id);
        logIn();
        open("/events/" + id);
        browser.driver().findElement(By.id("requeue")).click();
        assertThat(browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#requeue-result p")))
                .getText()).startsWith("Requeued");
        assertThat(single("SELECT enqueued_at FROM events WHERE id = ?", id)).isNotEqualTo(firstQueued);
        await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(id) > before && "done".equals(status(id)));
        browser.screenshot("requeue");
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        UUID id = ingest("orders", 1, "order.csrf").get(0);
        await().atMost(Duration.ofSeconds(30)).until(() -> "done".equals(status(id)));
        String queued = single("SELECT enqueued_at FROM events WHERE id = ?", id);
        logIn();
        Object answer = browser.asyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/console/events/' + arguments[0] + '/requeue', {method: 'POST', credentials: 'same-origin'})
                    .then(r => done(r.status));""", id.toString());
        assertThat(((Number) answer).intValue()).isEqualTo(403);
        // A requeue would have stamped enqueued_at anew.
        assertThat(single("SELECT enqueued_at FROM events WHERE id = ?", id)).isEqualTo(queued);
        assertThat(status(id)).isEqualTo("done");
    }

    @Test
    void deadLettersAreCountedThenADryRunAndAReplayAtAChosenRateDeliverThem() throws Exception {
        Infrastructure.sink.script("/billing", (request, seen) -> Answer.status(500));
        List<UUID> failing = ingest("billing", 3, "invoice.created");
        await().atMost(Duration.ofSeconds(120)).until(() -> allHaveStatus(failing, "dead_lettered"));
        long stored = Long.parseLong(single("SELECT count(*) FROM events WHERE source = 'finance/billing' AND status = 'dead_lettered'"));
        logIn();
        open("/dead-letters");
        assertThat(browser.driver().findElement(By.cssSelector(".dlq-count[data-source=billing]")).getText())
                .isEqualTo(Long.toString(stored));
        assertAccessibleAtBothSizes("dead-letters");

        WebElement form = browser.driver().findElement(By.cssSelector("form.replay input[name=source][value=billing]"))
                .findElement(By.xpath("ancestor::form"));
        WebElement rate = form.findElement(By.name("rate"));
        rate.clear();
        rate.sendKeys("2");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        WebElement wouldReplay = browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#replay-billing .would-replay")));
        assertThat(wouldReplay.getText()).isEqualTo(Long.toString(stored));
        assertThat(status(failing.get(0))).isEqualTo("dead_lettered");
        browser.screenshot("replay-dry-run");

        Infrastructure.sink.script("/billing", (request, seen) -> Answer.status(200));
        WebElement confirm = browser.driver().findElement(By.cssSelector("#replay-billing button.confirm"));
        assertThat(confirm.getText()).isEqualTo("Replay " + stored + " events at 2/s");
        confirm.click();
        // Progress is polled while it runs: at 2 events a second, 3 events take over a second.
        browser.waiting().until(d -> "done".equals(d.findElement(By.cssSelector("#replay-billing .progress")).getAttribute("data-state")));
        assertThat(browser.driver().findElement(By.cssSelector("#replay-billing .replayed")).getText()).isEqualTo(Long.toString(stored));
        browser.screenshot("replay-done");
        await().atMost(Duration.ofSeconds(60)).until(() -> allHaveStatus(failing, "done"));
        open("/dead-letters");
        assertThat(browser.driver().findElement(By.cssSelector(".dlq-count[data-source=billing]")).getText())
                .isEqualTo(single("SELECT count(*) FROM events WHERE source = 'finance/billing' AND status = 'dead_lettered'"));
    }

    @Test
    void chartsSummariseTheLastHourAsTheEventsTableHoldsIt() throws Exception {
        List<UUID> ids = ingest("orders", 3, "order.charted");
        await().atMost(Duration.ofSeconds(30)).until(() -> allHaveStatus(ids, "done"));
        logIn();
        open("/charts");
        new Select(browser.driver().findElement(By.id("chart-source"))).selectByValue("orders");
        browser.waiting().until(d -> "orders/hour".equals(d.findElement(By.id("chart-summary")).getAttribute("data-loaded")));
        String accepted = single("""
                SELECT count(*) FROM events WHERE source = 'shop/orders'
                AND received_at >= date_trunc('minute', now() - interval '1 hour') + interval '1 minute'""");
        browser.waiting().until(d -> d.findElement(By.id("chart-summary")).getText().startsWith(accepted + " accepted"));
        assertThat(browser.driver().findElements(By.cssSelector("#chart-volume svg path"))).isNotEmpty();
        assertAccessibleAtBothSizes("charts");
    }
}
