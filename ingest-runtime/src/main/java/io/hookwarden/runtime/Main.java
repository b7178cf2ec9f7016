package io.hookwarden.runtime;

import io.hookwarden.api.WireValue;
import io.hookwarden.api.runtime.RuntimeCommand;
import io.hookwarden.api.runtime.RuntimeSettings;
import io.hookwarden.runtime.config.ConfigException;
import io.hookwarden.runtime.config.ManifestSecretStore;
import io.hookwarden.runtime.config.Manifests;
import io.hookwarden.runtime.config.SourceRegistry;
import io.hookwarden.runtime.http.WebhookTls;
import io.hookwarden.runtime.local.LocalInfrastructure;
import io.hookwarden.runtime.source.ActiveSources;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point: {@code local} starts the embedded components first, then the runtime; {@code serve} and
 * {@code worker} start the runtime, {@code console} the event console on the admin port; {@code requeue} and {@code replay} run once without an HTTP server.
 */
@QuarkusMain
public final class Main {
    private Main() {
    }

    public static void main(String... args) {
        CommandLine cli;
        try {
            cli = CommandLine.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("hookwarden: " + e.getMessage() + "\n\n" + CommandLine.USAGE);
            System.exit(2);
            return;
        }
        if (cli.command().equals(CommandLine.HELP)) {
            System.out.println(CommandLine.USAGE);
            return;
        }
        switch (WireValue.fromWire(RuntimeCommand.class, cli.command())) {
            case LOCAL -> startLocal(cli);
            case REQUEUE, REPLAY -> {
                runCommand(cli, args);
                return;
            }
            default -> {
                setIfGiven(cli, "sources", RuntimeSettings.SOURCES);
                setIfGiven(cli, "secrets", RuntimeSettings.SECRETS_PATH);
                if (cli.command().equals(RuntimeCommand.CONSOLE.wire())) {
                    // Read-only to the schema: serve migrates it.
                    System.setProperty("quarkus.flyway.migrate-at-start", "false");
                }
            }
        }
        setIfGiven(cli, "port", "quarkus.http.port");
        setIfGiven(cli, "management-port", "quarkus.management.port");
        try {
            WebhookTls.quarkusProperties(WebhookTls::fromSystem).forEach(System::setProperty);
        } catch (IllegalArgumentException e) {
            System.err.println("hookwarden: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.setProperty("hookwarden.mode", cli.command());
        Quarkus.run(HookwardenApplication.class, args);
    }

    /** Same configuration as serve (datasource, SQS, sources), but no HTTP server and no housekeeping: run, print, exit. */
    private static void runCommand(CommandLine cli, String... args) {
        setIfGiven(cli, "sources", RuntimeSettings.SOURCES);
        setIfGiven(cli, "secrets", RuntimeSettings.SECRETS_PATH);
        System.setProperty("hookwarden.mode", cli.command());
        System.setProperty("quarkus.http.host-enabled", "false");
        // Run next to a serving process (kubectl exec), the command must not want its management port.
        System.setProperty("quarkus.management.host", "127.0.0.1");
        System.setProperty("quarkus.management.port", "0");
        // Progress goes to stdout; logs, quieter, to stderr.
        System.setProperty("quarkus.log.console.stderr", "true");
        System.setProperty("quarkus.log.level", "WARN");
        Quarkus.run(ReplayCommand.class, args);
    }

    private static void startLocal(CommandLine cli) {
        Path manifests = Path.of(cli.option("file", "examples/webhooksource.yaml")).toAbsolutePath();
        if (!Files.exists(manifests)) {
            System.err.println("hookwarden: no such file or directory: " + manifests
                    + "\nrun from the repository root, or pass -f PATH to your Secret and WebhookSource manifests");
            System.exit(2);
        }
        try {
            // Check the manifests before starting anything, so a mistake is one clear line, not a stack trace.
            Manifests loaded = Manifests.load(manifests);
            new ActiveSources(new SourceRegistry(loaded.sources()), new ManifestSecretStore(loaded.secrets()), new SimpleMeterRegistry());
        } catch (ConfigException e) {
            System.err.println("hookwarden: " + e.getMessage());
            System.exit(2);
        }
        Path dataDir = Path.of(cli.option("data-dir", ".hookwarden/local")).toAbsolutePath();
        LocalInfrastructure infrastructure = LocalInfrastructure.start(dataDir);
        Runtime.getRuntime().addShutdownHook(new Thread(infrastructure::close, "hookwarden-local-shutdown"));
        infrastructure.runtimeConfig().forEach(System::setProperty);
        System.setProperty(RuntimeSettings.SOURCES, manifests.toString());
        // On a laptop 9090 is often taken (Prometheus): local mode's admin API takes a free loopback port unless told.
        System.setProperty("hookwarden.admin.host", "127.0.0.1");
        System.setProperty("hookwarden.admin.port", cli.option("admin-port", "0"));
    }

    private static void setIfGiven(CommandLine cli, String option, String property) {
        String value = cli.options().get(option);
        if (value != null) {
            System.setProperty(property, value);
        }
    }
}
