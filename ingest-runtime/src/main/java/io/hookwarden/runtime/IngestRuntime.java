package io.hookwarden.runtime;

import io.agroal.api.AgroalDataSource;
import io.hookwarden.api.metrics.Metric;
import io.hookwarden.api.runtime.RuntimeEndpoints;
import io.hookwarden.runtime.config.FileSecretStore;
import io.hookwarden.runtime.config.HookwardenConfig;
import io.hookwarden.runtime.config.ManifestSecretStore;
import io.hookwarden.runtime.config.Mode;
import io.hookwarden.runtime.config.Manifests;
import io.hookwarden.runtime.config.SecretStore;
import io.hookwarden.runtime.config.Source;
import io.hookwarden.runtime.config.SourceRegistry;
import io.hookwarden.runtime.http.FrameworkErrors;
import io.hookwarden.runtime.http.HeaderDeadline;
import io.hookwarden.runtime.ingest.IngestHandler;
import io.hookwarden.runtime.outbox.OutboxRelay;
import io.hookwarden.runtime.source.ActiveSources;
import io.hookwarden.runtime.source.IngestMinuteFlusher;
import io.hookwarden.runtime.sqs.QueueStats;
import io.hookwarden.runtime.sqs.SqsClients;
import io.hookwarden.runtime.sqs.SqsQueues;
import io.hookwarden.runtime.store.EventStore;
import io.hookwarden.runtime.store.Events;
import io.hookwarden.runtime.store.IngestMinutes;
import io.hookwarden.runtime.store.LegacySourceRows;
import io.hookwarden.runtime.store.RetentionCleaner;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServerStart;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;

/** Wires the ingest path: sources, store, outbox relay, routes, and the periodic housekeeping. */
@Singleton
public class IngestRuntime {
    private static final Logger LOG = Logger.getLogger(IngestRuntime.class);
    private final ScheduledExecutorService housekeeping = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "hookwarden-housekeeping");
        t.setDaemon(true);
        return t;
    });
    private IngestMinuteFlusher minuteFlusher;
    /**
     * Removed at shutdown: the gauge holds its relay weakly, and a registry that outlives this application (tests
     * run several in one JVM) would otherwise keep answering the next application's registration with this one.
     */
    private Gauge outboxPending;

    @Produces
    @Singleton
    Manifests manifests(HookwardenConfig config) {
        return Manifests.load(Path.of(config.sources()));
    }

    @Produces
    @Singleton
    SourceRegistry sourceRegistry(Manifests manifests) {
        return new SourceRegistry(manifests.sources());
    }

    @Produces
    @Singleton
    ActiveSources activeSources(SourceRegistry registry, Manifests manifests, HookwardenConfig config, MeterRegistry meters) {
        SecretStore secrets = config.secretsPath()
                .<SecretStore>map(path -> new FileSecretStore(Path.of(path)))
                .orElseGet(() -> new ManifestSecretStore(manifests.secrets()));
        return new ActiveSources(registry, secrets, meters);
    }

    @Produces
    @Singleton
    Events events(AgroalDataSource dataSource) {
        return new Events(dataSource);
    }

    @Produces
    @Singleton
    SqsQueues sqsQueues(HookwardenConfig config) {
        return new SqsQueues(SqsClients.create(config.sqs().region(), config.sqs().endpoint(), config.sqs().localCredentials()));
    }

    @Produces
    @Singleton
    OutboxRelay outboxRelay(Events events, SqsQueues queues, SourceRegistry sources, HookwardenConfig config,
            MeterRegistry meters) {
        return new OutboxRelay(events, queues, sources, config.relay().claimSize(),
                config.relay().inlineMaxBytes(), config.relay().senders(), meters);
    }

    @Produces
    @Singleton
    EventStore eventStore(AgroalDataSource dataSource, OutboxRelay relay, HookwardenConfig config) {
        HookwardenConfig.Store store = config.store();
        return new EventStore(dataSource, store.writers(), store.batchSize(), store.queueCapacity(), relay::wake);
    }

    void routes(@Observes Router router, Instance<EventStore> store, Instance<ActiveSources> sources,
            HeaderDeadline headerDeadline, HookwardenConfig config) {
        if (!config.mode().servesIngest()) {
            return;
        }
        headerDeadline.install(router);
        FrameworkErrors.install(router);
        IngestHandler handler = new IngestHandler(sources.get(), store.get(), config.store(), config.ingest());
        router.post(RuntimeEndpoints.WEBHOOKS_PATH + ":source").handler(handler);
    }

    @Produces
    @Singleton
    HeaderDeadline headerDeadline(HookwardenConfig config) {
        return new HeaderDeadline(config.ingest().headerTimeout());
    }

    /**
     * Once the ingest port listens (Quarkus tells after the fact, asynchronously, with the configured port: the port
     * actually bound, when the configured one is 0 as in tests, is in the config).
     */
    void watchHeaders(@ObservesAsync HttpServerStart started, Vertx vertx, HeaderDeadline deadline, HookwardenConfig config) {
        if (!config.mode().servesIngest()) {
            return;
        }
        String boundPort = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
        try {
            deadline.watch(vertx, ConfigProvider.getConfig().getValue(boundPort, Integer.class));
        } catch (RuntimeException e) {
            LOG.errorf(e, "slow clients are not cut off: %s", e.getMessage());
        }
    }

    /** Active sources (their secrets read) only where they verify requests: the console and the commands need none. */
    void start(@Observes StartupEvent event, SourceRegistry sources, Instance<ActiveSources> active, SqsQueues queues,
            HookwardenConfig config, AgroalDataSource dataSource, MeterRegistry meters, Instance<OutboxRelay> relay) {
        // The console keeps housekeeping (retention deletes, queue creation) to the processes that own it.
        if (config.mode().isCommand() || config.mode() == Mode.CONSOLE) {
            return;
        }
        adoptLegacyRows(sources, dataSource);
        if (config.mode().servesIngest()) {
            // At start, not with the relay bean (created on first use): the series exists from the first scrape
            // (removed at shutdown: tests run several apps on one registry).
            outboxPending = Gauge.builder(Metric.OUTBOX_PENDING.meterName(), relay.get(), OutboxRelay::pending)
                    .description("Events stored but not yet on SQS")
                    .register(meters);
            if (config.relay().enabled()) {
                relay.get().start();
            }
        }
        if (config.mode().servesIngest()) {
            minuteFlusher = new IngestMinuteFlusher(new IngestMinutes(dataSource), active.get().all(), Clock.systemUTC());
            long every = IngestMinuteFlusher.EVERY.toMillis();
            housekeeping.scheduleWithFixedDelay(minuteFlusher::flush, every, every, TimeUnit.MILLISECONDS);
            housekeeping.scheduleWithFixedDelay(minuteFlusher::forgetOld, 0, config.retentionInterval().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        if (config.sqs().provisionQueues()) {
            for (Source source : sources.all()) {
                provision(queues, source);
            }
        }
        if (config.secretsPath().isPresent()) {
            long every = config.secretsRefreshInterval().toMillis();
            housekeeping.scheduleWithFixedDelay(active.get()::refreshSecrets, every, every, TimeUnit.MILLISECONDS);
        }
        RetentionCleaner cleaner = new RetentionCleaner(dataSource, sources.all());
        long retentionEvery = config.retentionInterval().toMillis();
        housekeeping.scheduleWithFixedDelay(cleaner::clean, retentionEvery, retentionEvery, TimeUnit.MILLISECONDS);
        QueueStats stats = new QueueStats(queues, sources.all(), meters);
        long statsEvery = config.sqs().statsInterval().toMillis();
        housekeeping.scheduleWithFixedDelay(stats::poll, 0, statsEvery, TimeUnit.MILLISECONDS);
    }

    private static void adoptLegacyRows(SourceRegistry sources, AgroalDataSource dataSource) {
        LegacySourceRows legacy = new LegacySourceRows(dataSource);
        for (Source source : sources.all()) {
            try {
                legacy.adopt(source);
            } catch (SQLException e) {
                // Another replica taking them over at the same time; the next start finishes.
                LOG.warnf("source %s: rows stored under its bare name not all taken over: %s", source.id(), e.getMessage());
            }
        }
    }

    private static void provision(SqsQueues queues, Source source) {
        try {
            queues.provision(source);
            LOG.infof("queues ready for source %s: %s, %s", source.name(), source.queueName(), source.deadLetterQueueName());
        } catch (SdkException e) {
            // Events are still accepted into the outbox; the relay sends them once the queue exists.
            LOG.warnf("queues of source %s not created yet: %s", source.name(), e.getMessage());
        }
    }

    /** Answer what is in flight, then stop: queued requests are committed before the store closes. */
    void stop(@Observes ShutdownEvent event, Instance<EventStore> store, Instance<OutboxRelay> relay, HookwardenConfig config,
            MeterRegistry meters) {
        housekeeping.shutdownNow();
        if (outboxPending != null) {
            meters.remove(outboxPending);
        }
        if (config.mode().servesIngest()) {
            store.get().close();
            relay.get().close();
        }
        if (minuteFlusher != null) {
            // What the counters grew by since the last flush.
            minuteFlusher.flush();
        }
    }
}
