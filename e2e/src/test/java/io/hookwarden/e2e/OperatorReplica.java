package io.hookwarden.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/** One operator process of the suite, known by the identity it holds the Lease with. */
record OperatorReplica(String identity, LoggedProcess process) implements AutoCloseable {
    /** Everything it logged so far. */
    String log() {
        try {
            return Files.readString(process.log(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log of " + identity, e);
        }
    }

    /** SIGKILL: no shutdown hook runs, the Lease is not released; the others have to wait it out. */
    void kill() {
        process.kill();
    }

    boolean alive() {
        return process.alive();
    }

    @Override
    public void close() {
        process.close();
    }
}
