package io.hookwarden.runtime.testing;

import io.hookwarden.runtime.local.LocalInfrastructure;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole runtime in local mode for a Quarkus test: PostgreSQL, ElasticMQ, a sink, the test's
 * sources pointing at it, and the admin API on a free port behind a token file.
 */
public abstract class LocalModeResource implements QuarkusTestResourceLifecycleManager {
    private LocalInfrastructure infrastructure;
    private TestSink sink;

    /** Secret and WebhookSource manifests whose sinks are on this sink. */
    protected abstract String manifests(TestSink sink);

    protected abstract String adminToken();

    @Override
    public Map<String, String> start() {
        try {
            sink = new TestSink();
            infrastructure = LocalInfrastructure.start(Files.createTempDirectory("hookwarden-local-mode"));
            Path sources = Files.createTempFile("sources", ".yaml");
            Files.writeString(sources, manifests(sink));
            Path token = Files.createTempFile("admin", ".token");
            Files.writeString(token, adminToken() + "\n");
            Map<String, String> config = new HashMap<>(infrastructure.runtimeConfig());
            config.put("hookwarden.mode", "local");
            config.put("hookwarden.sources", sources.toString());
            config.put("hookwarden.admin.port", "0");
            config.put("hookwarden.admin.token-file", token.toString());
            config.put("hookwarden.worker.poll-wait", "1s");
            config.put("hookwarden.sqs.stats-interval", "1s");
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        infrastructure.close();
        sink.close();
    }
}
