package io.hookwarden.runtime.local;

import io.hookwarden.api.runtime.RuntimeSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * Local mode's real components: PostgreSQL from io.zonky's embedded binaries and an ElasticMQ SQS
 * server, both on 127.0.0.1. Tests use the same class, and stop and restart either component on
 * its port to play outages.
 */
public final class LocalInfrastructure implements AutoCloseable {
    private final Path postgresDataDirectory;
    private final int postgresPort;
    private final int sqsPort;
    private EmbeddedPostgres postgres;
    private SQSRestServer sqs;

    private LocalInfrastructure(Path dataDirectory) {
        this.postgresDataDirectory = dataDirectory.resolve("postgres");
        this.postgresPort = freePort();
        this.sqsPort = freePort();
    }

    /** @param dataDirectory where PostgreSQL keeps its files; reused across starts, so nothing is lost on restart */
    public static LocalInfrastructure start(Path dataDirectory) {
        LocalInfrastructure infrastructure = new LocalInfrastructure(dataDirectory);
        infrastructure.startPostgres();
        infrastructure.startSqs();
        return infrastructure;
    }

    public void startPostgres() {
        // Its initdb chatter goes through java.util.logging before the runtime's own logging is up.
        java.util.logging.Logger.getLogger("io.zonky").setLevel(java.util.logging.Level.WARNING);
        OrphanedPostgres.stop(postgresDataDirectory);
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(postgresDataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(postgresPort)
                    // The embedded defaults trade durability for test speed; an acknowledged event must survive a crash.
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("max_connections", "100")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start in " + postgresDataDirectory, e);
        }
    }

    public void stopPostgres() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void startSqs() {
        sqs = SQSRestServerBuilder.withInterface("127.0.0.1")
                .withPort(sqsPort)
                .withServerAddress(new NodeAddress("http", "127.0.0.1", sqsPort, ""))
                .withAWSRegion("us-east-1")
                .start();
        sqs.waitUntilStarted();
    }

    public void stopSqs() {
        sqs.stopAndWait();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres";
    }

    public String sqsEndpoint() {
        return "http://127.0.0.1:" + sqsPort;
    }

    /** The configuration that points the runtime at these components. */
    public Map<String, String> runtimeConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put(RuntimeSettings.DATASOURCE_JDBC_URL, jdbcUrl());
        config.put(RuntimeSettings.DATASOURCE_USERNAME, "postgres");
        config.put(RuntimeSettings.DATASOURCE_PASSWORD, "postgres");
        config.put(RuntimeSettings.SQS_ENDPOINT, sqsEndpoint());
        config.put(RuntimeSettings.SQS_REGION, "us-east-1");
        config.put("hookwarden.sqs.provision-queues", "true");
        config.put("hookwarden.sqs.local-credentials", "true");
        return config;
    }

    @Override
    public void close() {
        if (sqs != null) {
            sqs.stopAndWait();
        }
        if (postgres != null) {
            stopPostgres();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
