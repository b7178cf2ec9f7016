package io.hookwarden.runtime;

import io.hookwarden.runtime.admin.AdminServer;
import io.hookwarden.runtime.admin.AdminToken;
import io.hookwarden.runtime.config.HookwardenConfig;
import io.hookwarden.runtime.config.Mode;
import io.hookwarden.runtime.config.SourceRegistry;
import io.hookwarden.runtime.replay.Replayer;
import io.hookwarden.runtime.sqs.SqsQueues;
import io.hookwarden.runtime.store.Events;
import io.hookwarden.runtime.worker.DeadLetterStats;
import io.hookwarden.runtime.worker.Worker;
import io.hookwarden.runtime.worker.WorkerSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Wires the delivery side: workers (local and worker modes), DLQ stats, and the admin API on its own port. */
@Singleton
public class DeliveryRuntime {
    private static final Logger LOG = Logger.getLogger(DeliveryRuntime.class);
    /** After the ingest runtime's startup, which creates the queues in local mode. */
    public static final int AFTER_QUEUES_EXIST = jakarta.interceptor.Interceptor.Priority.APPLICATION + 1000;

    private final ScheduledExecutorService stats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hookwarden-dlq-stats");
        t.setDaemon(true);
        return t;
    });
    private Worker worker;
    private AdminServer admin;

    @Produces
    @Singleton
    Replayer replayer(Events events, SqsQueues queues, SourceRegistry sources, MeterRegistry meters) {
        return new Replayer(events, queues, sources, meters);
    }

    void start(@Observes @Priority(AFTER_QUEUES_EXIST) StartupEvent event, HookwardenConfig config, SourceRegistry sources,
            Events events, SqsQueues queues, Vertx vertx, MeterRegistry meters, Replayer replayer) {
        Mode mode = config.mode();
        if (mode.isCommand()) {
            return;
        }
        if (mode.runsWorkers()) {
            HookwardenConfig.Worker settings = config.worker();
            worker = new Worker(sources.all(), events, queues, vertx, meters, new WorkerSettings(settings.pollers(),
                    settings.pollWait(), settings.maxRetryAfter(), settings.shutdownGrace()));
            worker.start();
            DeadLetterStats deadLetters = new DeadLetterStats(events, sources.all(), meters);
            long every = config.sqs().statsInterval().toMillis();
            stats.scheduleWithFixedDelay(deadLetters::poll, 0, every, TimeUnit.MILLISECONDS);
        }
        AdminToken token;
        if (config.admin().tokenFile().isPresent()) {
            token = AdminToken.fromFile(Path.of(config.admin().tokenFile().get()));
        } else if (mode == Mode.LOCAL) {
            token = AdminToken.generated();
        } else {
            LOG.info("admin API off: set hookwarden.admin.token-file to a file holding its bearer token");
            return;
        }
        admin = AdminServer.start(vertx, config.admin().host(), config.admin().port(), token, replayer);
        if (config.admin().tokenFile().isPresent()) {
            LOG.infof("admin API on port %d", admin.port());
        } else {
            LOG.infof("admin API on port %d; local bearer token: %s", admin.port(), token.value());
        }
    }

    /** The admin API's port (tests ask for port 0); -1 when it is off. */
    public int adminPort() {
        return admin != null ? admin.port() : -1;
    }

    /** The admin server once started; empty when it is off (no token file outside local mode). */
    public Optional<AdminServer> adminServer() {
        return Optional.ofNullable(admin);
    }

    void stop(@Observes ShutdownEvent event) {
        stats.shutdownNow();
        if (admin != null) {
            admin.close();
        }
        if (worker != null) {
            worker.close();
        }
    }
}
