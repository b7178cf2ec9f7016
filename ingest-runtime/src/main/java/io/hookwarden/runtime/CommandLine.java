package io.hookwarden.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/** The runtime's commands and their options, parsed without a framework (there are few). */
public record CommandLine(String command, Map<String, String> options) {
    public static final String USAGE = """
            usage: java -jar quarkus-run.jar COMMAND [options]

            commands:
              local   run on embedded PostgreSQL and an embedded SQS (ElasticMQ), for trying things out
                        -f, --file PATH       Secret and WebhookSource manifests, a file or a directory
                                              (default examples/webhooksource.yaml)
                        --port N              HTTP port (default 8080)
                        --data-dir DIR        where local PostgreSQL keeps its data (default .hookwarden/local)
              serve   run in a cluster: PostgreSQL and SQS from configuration (QUARKUS_DATASOURCE_JDBC_URL, ...)
                        --sources PATH        WebhookSource manifests (default $HOOKWARDEN_SOURCES)
                        --secrets DIR         mounted Secrets, <DIR>/<secret>/<key> (default $HOOKWARDEN_SECRETS_PATH)
                        --port N              HTTP port (default 8080)
              help    this text
            """;

    private static final Map<String, String> ALIASES = Map.of("-f", "--file");

    public static CommandLine parse(String... args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("no command given");
        }
        String command = args[0];
        if (!command.equals("local") && !command.equals("serve") && !command.equals("help")) {
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
            } else if (name.startsWith("--") && i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("unexpected argument: " + args[i]);
            }
            options.put(name.substring(2), value);
        }
        return new CommandLine(command, options);
    }

    public String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }
}
