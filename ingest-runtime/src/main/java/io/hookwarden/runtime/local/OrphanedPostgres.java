package io.hookwarden.runtime.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The embedded PostgreSQL of a local-mode process that was killed (kill -9, a closed laptop lid) outlives it and keeps
 * its data directory locked, so the next start would fail. Before starting, the postmaster named in the directory's
 * {@code postmaster.pid} is stopped, but only when it is alive, is a postgres process, and serves this very directory.
 */
final class OrphanedPostgres {
    private static final Logger LOG = Logger.getLogger(OrphanedPostgres.class);
    private static final long SHUTDOWN_SECONDS = 15;

    private OrphanedPostgres() {
    }

    static void stop(Path dataDirectory) {
        Optional<ProcessHandle> orphan = postmaster(dataDirectory);
        if (orphan.isEmpty()) {
            return;
        }
        ProcessHandle postmaster = orphan.get();
        LOG.warnf("stopping the embedded PostgreSQL (pid %d) left running on %s by an earlier local mode",
                postmaster.pid(), dataDirectory);
        // SIGTERM: a smart shutdown, which its dead parent's clients no longer hold up; it checkpoints, nothing is lost.
        postmaster.destroy();
        try {
            postmaster.onExit().get(SHUTDOWN_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // Crash recovery replays the WAL on the next start: committed data survives a kill too.
            postmaster.destroyForcibly();
            postmaster.onExit().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The live postmaster serving this directory, if any. */
    static Optional<ProcessHandle> postmaster(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pidFile, e);
        }
        // Line 1 is the postmaster's pid, line 2 its data directory.
        if (lines.size() < 2 || !sameDirectory(Path.of(lines.get(1).trim()), dataDirectory)) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> Path.of(c).getFileName().toString().startsWith("postgres")).orElse(false));
    }

    private static boolean sameDirectory(Path recorded, Path dataDirectory) {
        try {
            return Files.exists(recorded) && Files.isSameFile(recorded, dataDirectory);
        } catch (IOException e) {
            return false;
        }
    }
}
