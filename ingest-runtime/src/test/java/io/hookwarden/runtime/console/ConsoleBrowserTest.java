package io.hookwarden.runtime.console;

import static io.hookwarden.runtime.testing.Signer.post;
import static io.hookwarden.runtime.testing.Signer.signed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.hookwarden.api.metrics.IngestOutcome;
import io.hookwarden.runtime.store.EventSearch;
import io.hookwarden.runtime.testing.Browser;
import io.hookwarden.runtime.testing.LocalModeResource;
import io.hookwarden.runtime.testing.Signer;
import io.hookwarden.runtime.testing.TestSink;
import io.hookwarden.runtime.testing.TestSink.Answer;
import io.hookwarden.runtime.DeliveryRuntime;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

    /** In one script: htmx may swap the rows between finding them and reading them. */
    @SuppressWarnings("unchecked")
    private List<String> listedEventIds() {
        return (List<String>) browser.script("return [...document.querySelectorAll('#results tr[data-event-id]')].map(r => r.dataset.eventId);");
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
    void everyControlOfEveryPageIsReachedByTabWithVisibleFocusAndAnEventOpensFromTheKeyboard() throws Exception {
        UUID id = ingest("orders", 1, "order.keyboard").get(0);
        await().atMost(Duration.ofSeconds(30)).until(() -> "done".equals(status(id)));
        logIn();
        for (String page : List.of("/events", "/events/" + id, "/dead-letters", "/charts")) {
            open(page);
            Browser.TabWalk walk = browser.tabThroughThePage();
            assertThat(walk.controls()).as("controls on %s", page).isGreaterThan(3);
            assertThat(walk.missed()).as("controls of %s not reached by Tab with visible focus", page).isEmpty();
        }
        open("/events?q=" + id);
        WebElement link = browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.linkText(id.toString())));
        browser.script("arguments[0].focus();", link);
        new org.openqa.selenium.interactions.Actions(browser.driver()).sendKeys(Keys.ENTER).perform();
        browser.waiting().until(ExpectedConditions.urlContains("/console/events/" + id));
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
                .containsExactly("Received", "Queued", "Attempt 1", "Delivered");
        assertAccessibleAtBothSizes("event");
    }

    @Test
    void anEventThatFailedOnceThenDeliveredShowsBothAttemptsAsPostgresRecordedThem() throws Exception {
        // The first call of each order.retried event gets a 500, the second (after the 1 s backoff) a 200.
        Infrastructure.sink.script("/orders", (request, seen) -> Answer.status(request.body().contains("order.retried") && seen == 1 ? 500 : 200));
        UUID id;
        try {
            id = ingest("orders", 1, "order.retried").get(0);
            await().atMost(Duration.ofSeconds(30)).until(() -> "done".equals(status(id)));
        } finally {
            Infrastructure.sink.script("/orders", (request, seen) -> Answer.status(200));
        }
        logIn();
        open("/events/" + id);

        List<String> expected = new ArrayList<>(List.of("Received", "Queued"));
        List<List<String>> attempts = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT attempted_at, http_status, coalesce(failure_class, ''), coalesce(error, '')
                FROM delivery_attempts WHERE event_id = ? ORDER BY attempted_at""")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    expected.add("Attempt " + (attempts.size() + 1));
                    attempts.add(List.of(rs.getObject(1, java.time.OffsetDateTime.class).toInstant().toString(),
                            "HTTP " + rs.getInt(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        expected.add("Delivered");
        assertThat(attempts).as("attempts recorded").hasSize(2);
        assertThat(attempts.get(0).subList(1, 3)).containsExactly("HTTP 500", "http_5xx");
        assertThat(attempts.get(1).subList(1, 3)).containsExactly("HTTP 200", "");

        List<WebElement> steps = browser.driver().findElements(By.cssSelector(".timeline li"));
        assertThat(steps.stream().map(step -> step.findElement(By.tagName("strong")).getText())).containsExactlyElementsOf(expected);
        for (int i = 0; i < attempts.size(); i++) {
            WebElement step = steps.get(2 + i);
            assertThat(List.of(step.findElement(By.tagName("time")).getAttribute("datetime"), text(step, ".http-status"),
                    text(step, ".failure-class"), text(step, ".error"))).as("attempt %d", i + 1).isEqualTo(attempts.get(i));
        }
        assertThat(steps.get(4).findElement(By.tagName("time")).getAttribute("datetime")).isEqualTo(instant("delivered_at", id));
        browser.screenshot("event-timeline");
    }

    private String instant(String column, UUID id) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT " + column + " FROM events WHERE id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getObject(1, java.time.OffsetDateTime.class).toInstant().toString();
            }
        }
    }

    /** The text of the element {@code css} selects inside {@code parent}; empty when there is none. */
    private static String text(WebElement parent, String css) {
        List<WebElement> found = parent.findElements(By.cssSelector(css));
        return found.isEmpty() ? "" : found.get(0).getText();
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
    void theVolumeChartDrawsAcceptedDuplicateAndRejectedRequestsPerMinuteAsPostgresHoldsThem() throws Exception {
        String body = "{\"type\":\"order.charted\",\"id\":\"" + UUID.randomUUID() + "\"}";
        String key = UUID.randomUUID().toString();
        UUID id = UUID.fromString(post("orders", signed(body, key)).then().statusCode(202).extract().path("event_id"));
        // A second later: a new timestamp, so a new signature, and the resend is a duplicate rather than a replayed signature.
        Thread.sleep(1100);
        post("orders", signed(body, key)).then().statusCode(200);
        RestAssured.given().contentType("application/json").header("X-Timestamp", Signer.now())
                .header("X-Idempotency-Key", UUID.randomUUID().toString()).header("X-Signature", "00".repeat(32))
                .body(body).post("/webhooks/orders").then().statusCode(401);
        await().atMost(Duration.ofSeconds(30)).until(() -> "done".equals(status(id))
                && !perMinute("duplicate").isEmpty() && !perMinute("rejected_signature").isEmpty());

        logIn();
        open("/charts");
        new Select(browser.driver().findElement(By.id("chart-source"))).selectByValue("orders");
        browser.waiting().until(d -> "orders/hour".equals(d.findElement(By.id("chart-summary")).getAttribute("data-loaded")));

        @SuppressWarnings("unchecked")
        Map<String, List<Object>> drawn = (Map<String, List<Object>>) browser.script("""
                const option = echarts.getInstanceByDom(document.getElementById('chart-volume')).getOption();
                const minutes = option.xAxis[0].data;
                const drawn = {};
                option.series.forEach(s => drawn[s.name] = s.data.map((v, i) => [minutes[i], v]).filter(p => p[1] > 0));
                return drawn;""");
        assertThat(nonZero(drawn.get("accepted"))).isEqualTo(eventsPerMinute("""
                SELECT to_char(date_trunc('minute', received_at) AT TIME ZONE 'UTC', 'HH24:MI'), count(*) FROM events
                WHERE source = 'shop/orders' AND received_at >= date_trunc('minute', now() - interval '1 hour') + interval '1 minute'
                GROUP BY 1"""));
        assertThat(nonZero(drawn.get("duplicate"))).isEqualTo(perMinute("duplicate"));
        Map<String, Long> rejected = perMinute(EventSearch.REJECTED.stream().map(IngestOutcome::wire).toArray(String[]::new));
        assertThat(rejected).isNotEmpty();
        assertThat(nonZero(drawn.get("rejected"))).isEqualTo(rejected);
        assertThat(browser.driver().findElements(By.cssSelector("#chart-volume svg path"))).isNotEmpty();
        assertAccessibleAtBothSizes("charts");
    }

    /** ingest_minutes of orders in the last hour: requests with these outcomes per minute (HH:MM, UTC). */
    private Map<String, Long> perMinute(String... outcomes) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT to_char(minute AT TIME ZONE 'UTC', 'HH24:MI'), sum(requests) FROM ingest_minutes
                WHERE source = 'shop/orders' AND outcome = ANY(?)
                  AND minute >= date_trunc('minute', now() - interval '1 hour') + interval '1 minute'
                GROUP BY 1""")) {
            s.setArray(1, c.createArrayOf("text", outcomes));
            return pairs(s);
        }
    }

    private Map<String, Long> eventsPerMinute(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            return pairs(s);
        }
    }

    private static Map<String, Long> pairs(PreparedStatement select) throws Exception {
        Map<String, Long> pairs = new TreeMap<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                pairs.put(rs.getString(1), rs.getLong(2));
            }
        }
        return pairs;
    }

    private static Map<String, Long> nonZero(List<Object> points) {
        Map<String, Long> pairs = new TreeMap<>();
        for (Object point : points) {
            List<?> p = (List<?>) point;
            pairs.put((String) p.get(0), ((Number) p.get(1)).longValue());
        }
        return pairs;
    }
}
