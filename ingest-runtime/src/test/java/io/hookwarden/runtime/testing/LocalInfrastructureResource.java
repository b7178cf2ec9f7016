package io.hookwarden.runtime.testing;

import io.hookwarden.runtime.local.LocalInfrastructure;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * Real PostgreSQL (embedded binaries) and a real ElasticMQ for a Quarkus test, the same ones local
 * mode runs on. Tests reach them through {@link #infrastructure()} to stop and restart them.
 */
public class LocalInfrastructureResource implements QuarkusTestResourceLifecycleManager {
    private static LocalInfrastructure infrastructure;

    public static LocalInfrastructure infrastructure() {
        return infrastructure;
    }

    @Override
    public Map<String, String> start() {
        try {
            infrastructure = LocalInfrastructure.start(Files.createTempDirectory("hookwarden-test"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return infrastructure.runtimeConfig();
    }

    @Override
    public void stop() {
        infrastructure.close();
    }
}
