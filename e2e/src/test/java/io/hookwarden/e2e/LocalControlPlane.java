package io.hookwarden.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok on 127.0.0.1, built from their
 * Go modules and run by e2e/local-control-plane/{build,start,stop}.sh.
 */
final class LocalControlPlane implements AutoCloseable {
    /** A cold build compiles Kubernetes (~10 min on 2 cores); a warm one returns at once. */
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(40);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(1);

    private final Path scripts;
    private final Path dir;
    private final Path logs;

    private LocalControlPlane(Path scripts, Path dir, Path logs) {
        this.scripts = scripts;
        this.dir = dir;
        this.logs = logs;
    }

    /** Builds (or finds in the cache) and starts the control plane in {@code dir}; on failure stops what started. */
    static LocalControlPlane start(Path repository, Path dir, Path logs) {
        LocalControlPlane controlPlane = new LocalControlPlane(repository.resolve("e2e/local-control-plane"), dir, logs);
        controlPlane.script("build.sh", BUILD_TIMEOUT);
        try {
            controlPlane.script("start.sh", START_TIMEOUT, dir.toString());
        } catch (RuntimeException e) {
            controlPlane.close();
            throw e;
        }
        return controlPlane;
    }

    Path kubeconfig() {
        return dir.resolve("kubeconfig");
    }

    /** stop.sh signals only the PIDs it recorded, and only while they still run from {@code dir}. */
    @Override
    public void close() {
        script("stop.sh", STOP_TIMEOUT, dir.toString());
    }

    private void script(String name, Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", scripts.resolve(name).toString()));
        command.addAll(List.of(args));
        LoggedProcess.run("control plane " + name, command, Map.of(),
                logs.resolve("control-plane-" + name.replace(".sh", ".log")), timeout);
    }
}
