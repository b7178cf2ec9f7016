package io.hookwarden.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged runtime in {@code local} mode, killed with SIGKILL: its embedded PostgreSQL outlives it holding the
 * data directory, and the next start must take the directory over, with what was acknowledged before still there.
 */
class LocalModeRestartIT {
    @TempDir
    Path dir;

    private Process runtime;

    @AfterEach
    void stop() throws Exception {
        // A graceful stop takes the embedded PostgreSQL down with it; a kill would leave one more orphan behind.
        PackagedRuntime.stop(runtime);
        postmaster().ifPresent(ProcessHandle::destroy);
    }

    @Test
    void localModeStartsAgainAfterKill9AndKeepsWhatItAcknowledged() throws Exception {
        Path manifest = Files.writeString(dir.resolve("sources.yaml"), PackagedRuntime.MANIFEST);
        int port = PackagedRuntime.freePort();
        runtime = start(manifest, port);
        String key = UUID.randomUUID().toString();
        String body = "{\"id\":\"" + key + "\"}";
        HttpResponse<String> first = PackagedRuntime.post(port, key, body);
        assertThat(first.statusCode()).isEqualTo(202);

        runtime.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertThat(postmaster()).as("the embedded PostgreSQL outlives a killed local mode").isPresent();

        runtime = start(manifest, port);
        HttpResponse<String> again = PackagedRuntime.post(port, key, body);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(PackagedRuntime.eventId(again.body())).isEqualTo(PackagedRuntime.eventId(first.body()));
    }

    private Process start(Path manifest, int port) throws IOException {
        return PackagedRuntime.start(dir, List.of(), List.of("local", "-f", manifest.toString(),
                "--port", Integer.toString(port), "--data-dir", dir.resolve("data").toString()));
    }

    /** The postmaster recorded in the data directory, while it runs. */
    private Optional<ProcessHandle> postmaster() throws IOException {
        Path pidFile = dir.resolve("data").resolve("postgres").resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(Files.readAllLines(pidFile).get(0).trim())).filter(ProcessHandle::isAlive);
    }
}
