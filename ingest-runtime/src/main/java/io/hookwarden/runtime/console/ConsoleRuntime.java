package io.hookwarden.runtime.console;

import io.agroal.api.AgroalDataSource;
import io.hookwarden.runtime.config.HookwardenConfig;
import io.hookwarden.runtime.config.SourceRegistry;
import io.hookwarden.runtime.replay.Replayer;
import io.hookwarden.runtime.store.EventSearch;
import io.hookwarden.runtime.DeliveryRuntime;
import io.quarkus.qute.Engine;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;

/** Puts the console on the admin port wherever the admin server runs (local, serve, worker and console modes). */
@Singleton
public class ConsoleRuntime {
    /** After the worker runtime, which starts the admin server. */
    private static final int AFTER_ADMIN_SERVER = DeliveryRuntime.AFTER_QUEUES_EXIST + 1;

    private Console console;
    private String baseUrl;

    void start(@Observes @Priority(AFTER_ADMIN_SERVER) StartupEvent event, HookwardenConfig config, DeliveryRuntime workers,
            Engine templates, AgroalDataSource dataSource, Replayer replayer, SourceRegistry sources, Vertx vertx) {
        if (config.mode().isCommand()) {
            return;
        }
        workers.adminServer().ifPresent(admin -> {
            console = Console.mount(vertx, templates, new EventSearch(dataSource), admin, replayer, sources, Clock.systemUTC());
            String host = config.admin().host().equals("0.0.0.0") ? "127.0.0.1" : config.admin().host();
            baseUrl = "http://" + host + ":" + admin.port() + Console.PREFIX;
        });
    }

    /** A link that opens the console logged in, once (local mode prints it); empty when there is no admin server. */
    public Optional<String> oneTimeLoginUrl() {
        return console != null ? Optional.of(baseUrl + "/login?code=" + console.issueLoginCode()) : Optional.empty();
    }
}
