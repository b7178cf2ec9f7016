package io.hookwarden.runtime;

import io.hookwarden.api.runtime.RuntimeCommand;
import io.hookwarden.api.runtime.RuntimeSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The runtime's commands and their options, parsed without a framework (there are few). */
public record CommandLine(String command, Map<String, String> options) {
    public static final String USAGE = """
            usage: java -jar quarkus-run.jar COMMAND [options]

            commands:
              local   run on embedded PostgreSQL and an embedded SQS (ElasticMQ), for trying things out
                        -f, --file PATH       Secret and WebhookSource manifests, a file or a directory
                                              (default examples/webhooksource.yaml)
                        --port N              webhook port (default 8080)
                        --management-port N   health and metrics port (default 9000)
                        --data-dir DIR        where local PostgreSQL keeps its data (default .hookwarden/local)
                        --admin-port N        admin API port on 127.0.0.1 (default: a free one, printed at start)
              serve   run in a cluster: PostgreSQL and SQS from configuration (QUARKUS_DATASOURCE_JDBC_URL, ...)
                        --sources PATH        WebhookSource manifests (default $%s)
                        --secrets DIR         mounted Secrets, <DIR>/<secret>/<key> (default $%s)
                        --port N              webhook port (default 8080)
                        --management-port N   health (/q/health) and metrics (/q/metrics) port (default 9000)
              worker  run in a cluster: deliver every queued event to its source's sink; options as serve
              console the event console on the admin port (needs hookwarden.admin.token-file); options as serve
              requeue put events back on their queue by id, whatever their status (no HTTP server; config as serve)
                        --event-id ID...      one or more event ids
              replay  send a source's events back to its queue, keeping their ids (no HTTP server; config as serve)
                        --source NAME         the WebhookSource (required)
                        --from-dlq            drain its dead-letter queue; without it, select events in PostgreSQL
                        --status S[,S]        PostgreSQL only: statuses to select (default dead_lettered)
                        --type T              only this event type
                        --since ISO, --until ISO   only events received in [since, until)
                        --failure-class C     only events whose last failure was C (http_5xx, timeout, ...)
                        --rate N/s            at most N events per second
                        --dry-run             count what would be replayed, change nothing
              help    this text
            """.formatted(RuntimeSettings.env(RuntimeSettings.SOURCES), RuntimeSettings.env(RuntimeSettings.SECRETS_PATH));

    private static final Map<String, String> ALIASES = Map.of("-f", "--file");
    public static final String HELP = "help";
    private static final Set<String> COMMANDS = Stream.concat(Arrays.stream(RuntimeCommand.values()).map(RuntimeCommand::wire),
            Stream.of(HELP)).collect(Collectors.toUnmodifiableSet());
    /** Options without a value. */
    private static final Set<String> FLAGS = Set.of("from-dlq", "dry-run");
    /** Options taking every following argument up to the next option, kept comma-separated. */
    private static final Set<String> LISTS = Set.of("event-id");

    public static CommandLine parse(String... args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("no command given");
        }
        String command = args[0];
        if (!COMMANDS.contains(command)) {
            throw new IllegalArgumentException("unknown command: " + command);
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String name = ALIASES.getOrDefault(args[i], args[i]);
            String value;
            int eq = name.indexOf('=');
            if (name.startsWith("--") && eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (name.startsWith("--") && FLAGS.contains(name.substring(2))) {
                value = "true";
            } else if (name.startsWith("--") && LISTS.contains(name.substring(2))) {
                List<String> values = new ArrayList<>();
                while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    values.add(args[++i]);
                }
                if (values.isEmpty()) {
                    throw new IllegalArgumentException(name + " needs at least one value");
                }
                value = String.join(",", values);
            } else if (name.startsWith("--") && i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("unexpected argument: " + args[i]);
            }
            String key = name.substring(2);
            options.merge(key, value, (earlier, later) -> LISTS.contains(key) ? earlier + "," + later : later);
        }
        return new CommandLine(command, options);
    }

    public String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }
}
