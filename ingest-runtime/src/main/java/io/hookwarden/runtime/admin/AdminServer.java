package io.hookwarden.runtime.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookwarden.runtime.http.WebSockets;
import io.hookwarden.runtime.replay.ReplayProgress;
import io.hookwarden.runtime.replay.ReplayRequest;
import io.hookwarden.runtime.replay.Replayer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The admin API on its own port (never the ingest port), behind a bearer token:
 * {@code POST /admin/requeue} {"event-id": [...]}, {@code POST /admin/replays} with the replay
 * options, {@code GET /admin/replays/{id}} for a replay's progress.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AdminServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KEPT_REPLAYS = 100;

    private final AdminToken token;
    private final Replayer replayer;
    private final Router router;
    private final HttpServer server;
    private final ExecutorService replays = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hookwarden-admin-replay");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, ReplayProgress> progress = Collections.synchronizedMap(new LinkedHashMap<>());

    private AdminServer(Vertx vertx, AdminToken token, Replayer replayer) {
        this.token = token;
        this.replayer = replayer;
        router = Router.router(vertx);
        router.route("/admin/*").handler(this::authenticate);
        router.route("/admin/*").handler(BodyHandler.create().setBodyLimit(1024 * 1024));
        router.post("/admin/requeue").blockingHandler(this::requeue, false);
        router.post("/admin/replays").handler(this::startReplay);
        router.get("/admin/replays/:id").handler(this::replayStatus);
        this.server = vertx.createHttpServer().requestHandler(router);
    }

    public static AdminServer start(Vertx vertx, String host, int port, AdminToken token, Replayer replayer) {
        // Before Quarkus creates the ingest server: this may be the JVM's first.
        WebSockets.disable();
        AdminServer admin = new AdminServer(vertx, token, replayer);
        try {
            admin.server.listen(port, host).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("admin API did not start on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return admin;
    }

    public int port() {
        return server.actualPort();
    }

    /** Checks a presented admin token (the console's login uses the same one). */
    public AdminToken token() {
        return token;
    }

    /** The admin port's routes, for the console to add its own under {@code /console}. */
    public Router router() {
        return router;
    }

    /** Starts a replay in the background (one at a time per process); its progress is kept for {@link #replay}. */
    public ReplayProgress startReplay(ReplayRequest request) {
        ReplayProgress replay = new ReplayProgress(UUID.randomUUID().toString(), request.dryRun());
        synchronized (progress) {
            progress.put(replay.id(), replay);
            progress.keySet().removeIf(id -> progress.size() > KEPT_REPLAYS && progress.get(id).state() != ReplayProgress.State.RUNNING);
        }
        replays.execute(() -> {
            replayer.replay(request, replay, p -> { });
            LOG.infof("replay %s of source %s: %s", replay.id(), request.source(), replay.summary());
        });
        return replay;
    }

    /** A replay this process started, while it is among the last ones kept. */
    public Optional<ReplayProgress> replay(String id) {
        return Optional.ofNullable(progress.get(id));
    }

    private void authenticate(RoutingContext rc) {
        String header = rc.request().getHeader("Authorization");
        String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : null;
        if (token.matches(presented)) {
            rc.next();
        } else {
            rc.response().putHeader("WWW-Authenticate", "Bearer");
            error(rc, 401, "unauthorized", "a valid bearer token is required");
        }
    }

    private void requeue(RoutingContext rc) {
        List<UUID> ids = new ArrayList<>();
        try {
            JsonNode list = body(rc).path("event-id");
            if (!list.isArray() || list.isEmpty()) {
                throw new IllegalArgumentException("event-id must be a non-empty array of event ids");
            }
            list.forEach(id -> ids.add(UUID.fromString(id.asText())));
        } catch (IllegalArgumentException | IOException e) {
            error(rc, 400, "bad_request", e.getMessage());
            return;
        }
        try {
            Replayer.RequeueResult result = replayer.requeue(ids);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("requeued", result.requeued());
            answer.put("not_found", result.notFound());
            answer.put("failed", result.failed());
            json(rc, 200, answer);
        } catch (java.sql.SQLException | software.amazon.awssdk.core.exception.SdkException e) {
            error(rc, 503, "unavailable", e.getMessage());
        }
    }

    private void startReplay(RoutingContext rc) {
        ReplayRequest request;
        try {
            Map<String, String> options = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = body(rc).fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                options.put(field.getKey(), field.getValue().asText());
            }
            request = ReplayRequest.parse(options);
        } catch (IllegalArgumentException | IOException e) {
            error(rc, 400, "bad_request", e.getMessage());
            return;
        }
        ReplayProgress replay = startReplay(request);
        rc.response().putHeader("Location", "/admin/replays/" + replay.id());
        json(rc, 202, replay.toMap());
    }

    private void replayStatus(RoutingContext rc) {
        replay(rc.pathParam("id")).ifPresentOrElse(replay -> json(rc, 200, replay.toMap()),
                () -> error(rc, 404, "not_found", "no replay " + rc.pathParam("id") + " on this process"));
    }

    private static JsonNode body(RoutingContext rc) throws IOException {
        String text = rc.body().asString();
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a JSON object body is required");
        }
        JsonNode node = JSON.readTree(text);
        if (!node.isObject()) {
            throw new IllegalArgumentException("a JSON object body is required");
        }
        return node;
    }

    private static void error(RoutingContext rc, int status, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        json(rc, status, body);
    }

    private static void json(RoutingContext rc, int status, Object body) {
        try {
            rc.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(JSON.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            rc.fail(e);
        }
    }

    @Override
    public void close() {
        replays.shutdownNow();
        server.close();
    }
}
