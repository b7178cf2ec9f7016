package io.hookwarden.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookwarden.runtime.testing.RawHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged runtime in local mode, in a JVM of its own: its admin server (where the console lives) starts before
 * the ingest server, and the ingest port still answers an unknown HTTP version with the contract's 505 and JSON code,
 * not Vert.x's bare 501 (http.WebSockets says why it could).
 */
class LocalModeHttpVersionIT {
    @TempDir
    Path dir;

    private Process runtime;

    @AfterEach
    void stop() throws Exception {
        PackagedRuntime.stop(runtime);
    }

    @Test
    void localModeAnswersAnUnknownHttpVersionWith505() throws Exception {
        Path manifest = Files.writeString(dir.resolve("sources.yaml"), PackagedRuntime.MANIFEST);
        int port = PackagedRuntime.freePort();
        runtime = PackagedRuntime.start(dir, List.of(), List.of("local", "-f", manifest.toString(),
                "--port", Integer.toString(port), "--data-dir", dir.resolve("data").toString()));

        RawHttp.Answer answer = RawHttp.exchange(port, "POST /webhooks/shop HTTP/9.9\r\nHost: x\r\nContent-Length: 0\r\n\r\n");

        assertThat(answer.status()).as(answer.raw()).isEqualTo(505);
        assertThat(answer.error()).as(answer.raw()).isEqualTo("http_version_not_supported");
    }
}
