package io.hookwarden.runtime;

import io.hookwarden.api.runtime.RuntimeEndpoints;
import io.hookwarden.runtime.config.HookwardenConfig;
import io.hookwarden.runtime.console.ConsoleRuntime;
import io.hookwarden.runtime.config.Mode;
import io.hookwarden.runtime.source.ActiveSource;
import io.hookwarden.runtime.source.ActiveSources;
import io.hookwarden.runtime.verify.Hmac;
import io.hookwarden.runtime.verify.HmacSha256V1Verifier;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Runs until stopped; in local mode it first tells the user where to send a webhook. */
public class HookwardenApplication implements QuarkusApplication {
    /** Only local mode's banner asks for them: the console has no use for the sources' signing secrets. */
    @Inject
    Instance<ActiveSources> sources;

    @ConfigProperty(name = "quarkus.http.port")
    int port;

    @ConfigProperty(name = "quarkus.management.port")
    int managementPort;

    @Inject
    HookwardenConfig config;

    @Inject
    ConsoleRuntime console;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Override
    public int run(String... args) {
        if (config.mode() == Mode.LOCAL) {
            System.out.println(localBanner());
        }
        Quarkus.waitForExit();
        return 0;
    }

    private String localBanner() {
        StringBuilder out = new StringBuilder("\nHookwarden local mode ready on http://127.0.0.1:" + port + "\n");
        for (ActiveSource source : sources.get().all()) {
            out.append("  source ").append(source.name()).append(": POST http://127.0.0.1:").append(port)
                    .append(RuntimeEndpoints.webhookPath(source.name())).append("  (").append(source.config().spec().getVerification()
                            .getScheme().wireName()).append(", queue ").append(source.config().queueName()).append(")\n");
        }
        sources.get().all().stream()
                .filter(s -> s.verifier() instanceof HmacSha256V1Verifier)
                .findFirst()
                .ifPresent(source -> out.append(sampleCurl(source)));
        out.append("PostgreSQL: ").append(jdbcUrl).append(" (user postgres)   SQS: ")
                .append(config.sqs().endpoint().orElse("AWS")).append('\n');
        out.append("Metrics: http://127.0.0.1:").append(managementPort).append(RuntimeEndpoints.METRICS_PATH).append("   Health: http://127.0.0.1:")
                .append(managementPort).append("/q/health\n");
        console.oneTimeLoginUrl().ifPresent(url -> out.append("console: ").append(url).append("  (opens it logged in, once)\n"));
        return out.toString();
    }

    /** A signed request, valid for the source's timestamp window; sent twice, the second answer is a duplicate. */
    private String sampleCurl(ActiveSource source) {
        String body = "{\"type\":\"post.updated\",\"id\":\"42\",\"title\":\"Hello from Hookwarden\"}";
        String ts = Long.toString(System.currentTimeMillis() / 1000);
        String signature = HexFormat.of().formatHex(Hmac.sha256(source.secrets().get(0),
                (ts + "." + body).getBytes(StandardCharsets.UTF_8)));
        return "\nTry it (signed now; valid for " + source.config().spec().getVerification().effectiveToleranceSeconds()
                + " s; send it twice to see the duplicate answer):\n"
                + "curl -i -X POST http://127.0.0.1:" + port + RuntimeEndpoints.webhookPath(source.name()) + " \\\n"
                + "  -H 'Content-Type: application/json' \\\n"
                + "  -H 'X-Timestamp: " + ts + "' \\\n"
                + "  -H 'X-Idempotency-Key: demo-" + ts + "' \\\n"
                + "  -H 'X-Signature: " + signature + "' \\\n"
                + "  --data '" + body + "'\n\n";
    }
}
