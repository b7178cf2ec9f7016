package io.hookwarden.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A child process whose output goes to a log file; stopped by its PID (TERM, then KILL). */
final class LoggedProcess implements AutoCloseable {
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final String name;
    private final Process process;
    private final Path log;

    private LoggedProcess(String name, List<String> command, Map<String, String> environment, Path log) {
        this.name = name;
        this.log = log;
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().putAll(environment);
            this.process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    /** Runs a command to its end; a non-zero exit or a time-out fails with the end of its log. */
    static void run(String name, List<String> command, Map<String, String> environment, Path log, Duration timeout) {
        try (LoggedProcess process = new LoggedProcess(name, command, environment, log)) {
            if (!process.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(name + " did not finish within " + timeout + process.describeLog());
            }
            if (process.process.exitValue() != 0) {
                throw new IllegalStateException(name + " exited with " + process.process.exitValue() + process.describeLog());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + " interrupted", e);
        }
    }

    /**
     * {@code java -jar JAR ARGS} on this JVM's Java, sized for a small machine. No collector is chosen here: a
     * runtime pod's environment chooses one ({@code RuntimeJvm}), and the JVM refuses to start with two.
     */
    static LoggedProcess startJar(String name, Path jar, Map<String, String> systemProperties, List<String> args,
            Map<String, String> environment, Path log) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1"));
        systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        return new LoggedProcess(name, command, environment, log);
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL, as the kernel's OOM killer or a lost node would end it; returns once it has ended. */
    void kill() {
        try {
            process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + name, e);
        }
    }

    /** Fails when the process has ended: for use inside waits on it. */
    void assertAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " (pid " + pid() + ") exited with " + process.exitValue() + describeLog());
        }
    }

    /** The log's path and last lines, to append to a failure message. */
    String describeLog() {
        List<String> lines;
        try {
            lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            return "; log " + log + " unreadable: " + e.getMessage();
        }
        List<String> tail = lines.subList(Math.max(0, lines.size() - 30), lines.size());
        return "; log " + log + ", last lines:\n    " + String.join("\n    ", tail);
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
