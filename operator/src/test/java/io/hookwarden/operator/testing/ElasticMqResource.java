package io.hookwarden.operator.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/** A real SQS API (ElasticMQ, honouring RedrivePolicy and tags) on 127.0.0.1 for the operator's SQS client. */
public class ElasticMqResource implements QuarkusTestResourceLifecycleManager {
    private SQSRestServer server;

    @Override
    public Map<String, String> start() {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = SQSRestServerBuilder.withInterface("127.0.0.1")
                .withPort(port)
                .withServerAddress(new NodeAddress("http", "127.0.0.1", port, ""))
                .withAWSRegion("us-east-1")
                .start();
        server.waitUntilStarted();
        return Map.of("hookwarden.operator.sqs.endpoint", "http://127.0.0.1:" + port,
                "hookwarden.operator.sqs.region", "us-east-1");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stopAndWait();
        }
    }
}
