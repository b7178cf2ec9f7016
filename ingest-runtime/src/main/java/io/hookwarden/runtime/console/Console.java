package io.hookwarden.runtime.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hookwarden.runtime.admin.AdminServer;
import io.hookwarden.runtime.config.Source;
import io.hookwarden.runtime.config.SourceRegistry;
import io.hookwarden.runtime.replay.ReplayProgress;
import io.hookwarden.runtime.replay.ReplayRequest;
import io.hookwarden.runtime.replay.Replayer;
import io.hookwarden.runtime.store.EventSearch;
import io.hookwarden.runtime.store.EventStatus;
import io.hookwarden.api.metrics.FailureClass;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.vertx.core.Vertx;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CSRFHandler;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.sstore.LocalSessionStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The event console under {@code /console} on the admin port: the events list and search, one
 * event, dead letters with replay, and per-source charts. Pages are Qute templates, interactions
 * htmx requests answered with fragments. A session is opened with the admin token or a one-time
 * code; every state-changing request carries a CSRF token (Vert.x's double-submit, tied to the
 * session). Reads go through {@link EventSearch}; replay and requeue through the admin server and
 * {@link Replayer}, as the API and the CLI do.
 */
public final class Console {
    private static final Logger LOG = Logger.getLogger(Console.class);
    static final String PREFIX = "/console";
    static final String SESSION_COOKIE = "hookwarden-console";
    static final String CSRF_COOKIE = "XSRF-TOKEN";
    static final String CSRF_HEADER = "X-XSRF-TOKEN";
    private static final String AUTHENTICATED = "authenticated";
    private static final Duration SESSION_TIMEOUT = Duration.ofMinutes(30);
    private static final int PAGE_SIZE = 50;
    private static final int KEPT_REPLAY_OPTIONS = 100;
    /** Where the pom unpacks the webjars' files (their own layout: name/version/path). */
    private static final String LIBRARIES = "console-assets/lib/META-INF/resources/webjars";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Replays started here: the options they ran with, so a finished dry run can offer to run the same. */
    private final Map<String, Map<String, String>> replayOptions = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, String>> eldest) {
            return size() > KEPT_REPLAY_OPTIONS;
        }
    });

    private final Engine templates;
    private final EventSearch search;
    private final AdminServer admin;
    private final Replayer replayer;
    private final SourceRegistry sources;
    private final LoginCodes codes;
    private final Clock clock;
    /** Webjar paths with their versions, as the pom locks them. */
    private final Map<String, String> libraries;

    private Console(Engine templates, EventSearch search, AdminServer admin, Replayer replayer, SourceRegistry sources,
            Clock clock) {
        this.templates = templates;
        this.search = search;
        this.admin = admin;
        this.replayer = replayer;
        this.sources = sources;
        this.clock = clock;
        this.codes = new LoginCodes(clock);
        this.libraries = libraries();
    }

    /** htmx and ECharts under /console/assets/lib/, at the versions the pom locks (console-libraries.properties). */
    private static Map<String, String> libraries() {
        Properties paths = new Properties();
        try (InputStream in = Console.class.getClassLoader().getResourceAsStream("console-libraries.properties")) {
            if (in == null) {
                throw new IllegalStateException("console-libraries.properties is not on the classpath");
            }
            paths.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> libraries = new LinkedHashMap<>();
        paths.stringPropertyNames().forEach(name -> libraries.put(name, PREFIX + "/assets/lib/" + paths.getProperty(name)));
        return Map.copyOf(libraries);
    }

    /** Adds the console's routes to the admin server's router. */
    public static Console mount(Vertx vertx, Engine templates, EventSearch search, AdminServer admin, Replayer replayer,
            SourceRegistry sources, Clock clock) {
        Console console = new Console(templates, search, admin, replayer, sources, clock);
        console.routes(vertx, admin.router());
        return console;
    }

    /** A one-time code for {@code /console/login?code=...}, as local mode prints it. */
    public String issueLoginCode() {
        return codes.issue();
    }

    private void routes(Vertx vertx, Router router) {
        // The libraries as unpacked from their webjars, and the console's stylesheet and scripts.
        router.get(PREFIX + "/assets/lib/*").handler(StaticHandler.create(LIBRARIES));
        router.get(PREFIX + "/assets/*").handler(StaticHandler.create("console-assets"));
        router.route(PREFIX + "/*").handler(this::securityHeaders);
        router.route(PREFIX + "/*").handler(SessionHandler.create(LocalSessionStore.create(vertx))
                .setSessionCookieName(SESSION_COOKIE).setSessionCookiePath(PREFIX).setCookieHttpOnlyFlag(true)
                .setCookieSameSite(CookieSameSite.STRICT).setSessionTimeout(SESSION_TIMEOUT.toMillis()));
        router.route(PREFIX + "/*").handler(BodyHandler.create().setBodyLimit(64 * 1024));
        byte[] csrfSecret = new byte[32];
        new SecureRandom().nextBytes(csrfSecret);
        router.route(PREFIX + "/*").handler(CSRFHandler.create(vertx, Base64.getEncoder().encodeToString(csrfSecret))
                .setCookieName(CSRF_COOKIE).setHeaderName(CSRF_HEADER).setCookiePath(PREFIX).setNagHttps(false));
        router.get(PREFIX + "/login").handler(this::loginPage);
        router.post(PREFIX + "/login").handler(this::login);
        router.route(PREFIX + "/*").handler(this::requireLogin);
        router.get(PREFIX).handler(rc -> redirect(rc, PREFIX + "/events"));
        router.get(PREFIX + "/").handler(rc -> redirect(rc, PREFIX + "/events"));
        router.post(PREFIX + "/logout").handler(this::logout);
        router.get(PREFIX + "/events").blockingHandler(this::events, false);
        router.get(PREFIX + "/events/:id").blockingHandler(this::event, false);
        router.post(PREFIX + "/events/:id/requeue").blockingHandler(this::requeue, false);
        router.get(PREFIX + "/dead-letters").blockingHandler(this::deadLetters, false);
        router.post(PREFIX + "/replays").handler(this::startReplay);
        router.get(PREFIX + "/replays/:id").handler(this::replay);
        router.get(PREFIX + "/charts").handler(this::charts);
        router.get(PREFIX + "/charts/data").blockingHandler(this::chartData, false);
    }

    private void securityHeaders(RoutingContext rc) {
        rc.response()
                .putHeader("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                        + "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Cache-Control", "no-store");
        rc.next();
    }

    // --- login ---

    private void loginPage(RoutingContext rc) {
        String code = rc.request().getParam("code");
        if (code != null) {
            if (codes.redeem(code)) {
                openSession(rc);
                return;
            }
            render(rc, 401, "console/login", Map.of("error", "That login link was used already or has expired."));
            return;
        }
        render(rc, 200, "console/login", Map.of());
    }

    private void login(RoutingContext rc) {
        if (admin.token().matches(rc.request().getFormAttribute("token"))) {
            openSession(rc);
        } else {
            render(rc, 401, "console/login", Map.of("error", "That is not the admin token."));
        }
    }

    /** A new session id on login, so a session planted before it (fixation) is worth nothing. */
    private void openSession(RoutingContext rc) {
        Session session = rc.session();
        session.regenerateId();
        session.put(AUTHENTICATED, Boolean.TRUE);
        redirect(rc, PREFIX + "/events");
    }

    private void requireLogin(RoutingContext rc) {
        Session session = rc.session();
        if (session != null && Boolean.TRUE.equals(session.get(AUTHENTICATED))) {
            rc.next();
            return;
        }
        // Behind an OIDC proxy that adds the admin token to every request it lets through.
        String header = rc.request().getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && admin.token().matches(header.substring(7).strip())) {
            rc.next();
            return;
        }
        if (rc.request().getHeader("HX-Request") != null) {
            rc.response().setStatusCode(401).putHeader("HX-Redirect", PREFIX + "/login").end();
        } else {
            redirect(rc, PREFIX + "/login");
        }
    }

    private void logout(RoutingContext rc) {
        rc.session().destroy();
        redirect(rc, PREFIX + "/login");
    }

    // --- events ---

    private void events(RoutingContext rc) {
        Map<String, Object> data = new LinkedHashMap<>();
        Map<String, String> form = new LinkedHashMap<>();
        for (String name : List.of("namespace", "source", "type", "status", "failure", "since", "until", "q")) {
            String value = rc.request().getParam(name);
            form.put(name, value != null ? value.strip() : "");
        }
        data.put("form", form);
        data.put("sources", sourceNames());
        data.put("namespaces", namespaces());
        data.put("statuses", List.of(EventStatus.values()).stream().map(EventStatus::label).toList());
        data.put("failureClasses", List.of(FailureClass.values()).stream().map(FailureClass::wire).toList());
        try {
            EventSearch.Filter filter = new EventSearch.Filter(visibleSources(form.get("namespace"), form.get("source")),
                    blankToNull(form.get("type")),
                    form.get("status").isEmpty() ? null : EventStatus.fromLabel(form.get("status")),
                    form.get("failure").isEmpty() ? null : FailureClass.fromWire(form.get("failure")),
                    time(form.get("since"), "since"), time(form.get("until"), "until"), blankToNull(form.get("q")));
            String after = rc.request().getParam("after");
            long started = System.nanoTime();
            EventSearch.Page page = search.list(filter, after != null ? EventSearch.Cursor.decode(after) : null, PAGE_SIZE);
            data.put("page", page);
            data.put("queryMillis", (System.nanoTime() - started) / 1_000_000);
            data.put("nextQuery", page.next() != null ? query(form, page.next().encode()) : null);
        } catch (IllegalArgumentException e) {
            data.put("error", e.getMessage());
        } catch (SQLException e) {
            unavailable(rc, e);
            return;
        }
        boolean fragment = rc.request().getHeader("HX-Request") != null && rc.request().getHeader("HX-Boosted") == null;
        render(rc, 200, fragment ? "console/event-rows" : "console/events", data);
    }

    private void event(RoutingContext rc) {
        UUID id;
        try {
            id = UUID.fromString(rc.pathParam("id"));
        } catch (IllegalArgumentException e) {
            render(rc, 404, "console/not-found", Map.of("what", "event " + rc.pathParam("id")));
            return;
        }
        try {
            Optional<EventSearch.Detail> detail = search.detail(id, sourceIds());
            if (detail.isEmpty()) {
                render(rc, 404, "console/not-found", Map.of("what", "event " + id));
                return;
            }
            render(rc, 200, "console/event", Map.of("event", EventView.of(detail.get(), PRETTY)));
        } catch (SQLException e) {
            unavailable(rc, e);
        }
    }

    private void requeue(RoutingContext rc) {
        UUID id;
        try {
            id = UUID.fromString(rc.pathParam("id"));
            if (search.detail(id, sourceIds()).isEmpty()) {
                render(rc, 404, "console/requeue-result", Map.of("message", "No such event here."));
                return;
            }
            Replayer.RequeueResult result = replayer.requeue(List.of(id));
            String message = result.requeued().contains(id) ? "Requeued: the event is on its queue again."
                    : "Not requeued: " + result.failed().getOrDefault(id, "not found");
            render(rc, 200, "console/requeue-result", Map.of("message", message, "ok", result.requeued().contains(id)));
        } catch (IllegalArgumentException e) {
            render(rc, 404, "console/requeue-result", Map.of("message", "No such event here."));
        } catch (SQLException | software.amazon.awssdk.core.exception.SdkException e) {
            unavailable(rc, e);
        }
    }

    // --- dead letters and replays ---

    private void deadLetters(RoutingContext rc) {
        try {
            Map<String, DeadLetterRow> bySource = new LinkedHashMap<>();
            for (Source source : sortedSources()) {
                bySource.put(source.id(), new DeadLetterRow(source.name(), source.namespace(), new ArrayList<>()));
            }
            for (EventSearch.DeadLetters letters : search.deadLetters(sourceIds())) {
                bySource.get(letters.source()).classes().add(letters);
            }
            render(rc, 200, "console/dead-letters", Map.of("sources", bySource.values(),
                    "failureClasses", List.of(FailureClass.values()).stream().map(FailureClass::wire).toList()));
        } catch (SQLException e) {
            unavailable(rc, e);
        }
    }

    /** One source's row: dead letters by failure class. */
    public record DeadLetterRow(String source, String namespace, List<EventSearch.DeadLetters> classes) {
        public long total() {
            return classes.stream().mapToLong(EventSearch.DeadLetters::count).sum();
        }

        public Instant oldest() {
            return classes.stream().map(EventSearch.DeadLetters::oldest).filter(java.util.Objects::nonNull).min(Instant::compareTo)
                    .orElse(null);
        }
    }

    private void startReplay(RoutingContext rc) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("source", rc.request().getFormAttribute("source"));
        if ("dlq".equals(rc.request().getFormAttribute("from"))) {
            options.put("from-dlq", "true");
        }
        String failure = blankToNull(rc.request().getFormAttribute("failure-class"));
        if (failure != null) {
            options.put("failure-class", failure);
        }
        String rate = blankToNull(rc.request().getFormAttribute("rate"));
        if (rate != null) {
            options.put("rate", rate);
        }
        options.put("dry-run", Boolean.toString(!"false".equals(rc.request().getFormAttribute("dry-run"))));
        ReplayRequest request;
        try {
            request = ReplayRequest.parse(options);
            if (sources.get(request.source()) == null) {
                throw new IllegalArgumentException("no source " + request.source() + " here");
            }
        } catch (IllegalArgumentException e) {
            render(rc, 400, "console/replay-progress", Map.of("error", e.getMessage()));
            return;
        }
        ReplayProgress progress = admin.startReplay(request);
        replayOptions.put(progress.id(), options);
        renderProgress(rc, progress);
    }

    private void replay(RoutingContext rc) {
        admin.replay(rc.pathParam("id")).ifPresentOrElse(progress -> renderProgress(rc, progress),
                () -> render(rc, 404, "console/replay-progress", Map.of("error", "That replay is no longer known to this process.")));
    }

    private void renderProgress(RoutingContext rc, ReplayProgress progress) {
        Map<String, String> options = replayOptions.getOrDefault(progress.id(), Map.of());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("replay", progress.toMap());
        data.put("running", progress.state() == ReplayProgress.State.RUNNING);
        data.put("dryRun", "true".equals(options.get("dry-run")));
        data.put("summary", progress.summary());
        data.put("options", options);
        data.put("fromDlq", "true".equals(options.get("from-dlq")));
        render(rc, 200, "console/replay-progress", data);
    }

    // --- charts ---

    private void charts(RoutingContext rc) {
        render(rc, 200, "console/charts", Map.of("sources", sourceNames()));
    }

    private void chartData(RoutingContext rc) {
        String source = rc.request().getParam("source");
        if (source == null || sources.get(source) == null) {
            rc.response().setStatusCode(404).end();
            return;
        }
        Duration window = "day".equals(rc.request().getParam("window")) ? Duration.ofDays(1) : Duration.ofHours(1);
        try {
            Instant now = clock.instant();
            String sourceId = sources.get(source).id();
            List<EventSearch.Minute> minutes = search.minutes(sourceId, now, window);
            List<EventSearch.Depth> depth = search.depth(sourceId, now, window);
            Map<String, Object> series = new LinkedHashMap<>();
            series.put("minutes", minutes.stream().map(m -> m.minute().toString()).toList());
            series.put("accepted", column(minutes, EventSearch.Minute::accepted));
            series.put("duplicate", column(minutes, EventSearch.Minute::duplicate));
            series.put("rejected", column(minutes, EventSearch.Minute::rejected));
            series.put("delivered", column(minutes, EventSearch.Minute::delivered));
            series.put("deadLettered", column(minutes, EventSearch.Minute::deadLettered));
            series.put("latencyP50", column(minutes, EventSearch.Minute::latencyP50));
            series.put("latencyP99", column(minutes, EventSearch.Minute::latencyP99));
            series.put("dlqDepth", depth.stream().map(EventSearch.Depth::depth).toList());
            rc.response().putHeader("Content-Type", "application/json").end(JSON.writeValueAsString(series));
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            unavailable(rc, e);
        }
    }

    private static <T> List<T> column(List<EventSearch.Minute> minutes, Function<EventSearch.Minute, T> value) {
        return minutes.stream().map(value).toList();
    }

    // --- helpers ---

    private List<Source> sortedSources() {
        return sources.all().stream().sorted(java.util.Comparator.comparing(Source::name)).toList();
    }

    /** What PostgreSQL keys this process's sources' rows by ({@link Source#id()}). */
    private List<String> sourceIds() {
        return sortedSources().stream().map(Source::id).toList();
    }

    private List<String> sourceNames() {
        return sortedSources().stream().map(Source::name).toList();
    }

    private List<String> namespaces() {
        return List.copyOf(new TreeSet<>(sources.all().stream().map(Source::namespace).toList()));
    }

    /** The sources a filter looks in: one, a namespace's, or all; an unknown one matches nothing. */
    private List<String> visibleSources(String namespace, String source) {
        return sortedSources().stream()
                .filter(s -> namespace.isEmpty() || s.namespace().equals(namespace))
                .filter(s -> source.isEmpty() || s.name().equals(source))
                .map(Source::id).toList();
    }

    /** The form's datetime-local value, read as UTC (the page says so). */
    private static Instant time(String value, String name) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " is a date and time such as 2026-01-31T12:00, got " + value);
        }
    }

    private static String query(Map<String, String> form, String after) {
        StringBuilder query = new StringBuilder();
        form.forEach((name, value) -> {
            if (!value.isEmpty()) {
                query.append(name).append('=').append(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8)).append('&');
            }
        });
        return query.append("after=").append(java.net.URLEncoder.encode(after, StandardCharsets.UTF_8)).toString();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private void render(RoutingContext rc, int status, String template, Map<String, Object> data) {
        Template page = templates.getTemplate(template);
        Map<String, Object> all = new LinkedHashMap<>(data);
        all.put("csrf", rc.get(CSRF_HEADER));
        all.put("csrfHeader", CSRF_HEADER);
        all.put("libraries", libraries);
        page.data(all).renderAsync().whenComplete((html, failure) -> {
            if (failure != null) {
                LOG.warnf(failure, "console page %s not rendered", template);
                rc.fail(500, failure);
            } else {
                rc.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").end(html);
            }
        });
    }

    private static void redirect(RoutingContext rc, String location) {
        rc.response().setStatusCode(303).putHeader("Location", location).end();
    }

    private void unavailable(RoutingContext rc, Exception e) {
        LOG.warnf("console: %s", e.getMessage());
        render(rc, 503, "console/unavailable", Map.of("message", "PostgreSQL or SQS did not answer; try again in a moment."));
    }
}
