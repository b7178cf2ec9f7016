package io.hookwarden.e2e;

import io.hookwarden.runtime.local.LocalInfrastructure;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * What the test classes share, each part started on first use: the cluster, and later the operator and
 * its infrastructure. Everything is stopped once, in reverse order, after the last test or at JVM exit.
 */
final class E2eEnvironment implements AutoCloseable {
    private final Path repository = Settings.repository();
    private final Path workDir = Settings.workDir();
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    /** Each part by its type, or the exception its start threw: a part that failed is not tried again. */
    private final Map<Class<?>, Object> parts = new HashMap<>();
    private boolean closed;

    private E2eEnvironment() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "e2e-environment-shutdown"));
    }

    Cluster cluster() {
        return part(Cluster.class, () -> Cluster.connect(repository, workDir, logs()));
    }

    /** PostgreSQL for the runtime processes and, unless the operator is installed, the operator's SQS (ElasticMQ). */
    LocalInfrastructure infrastructure() {
        return part(LocalInfrastructure.class, () -> LocalInfrastructure.start(Directories.recreate(workDir.resolve("infrastructure"))));
    }

    OperatorUnderTest operator() {
        return part(OperatorUnderTest.class, () -> OperatorUnderTest.start(cluster(), infrastructure(), logs()));
    }

    Path workDir() {
        return workDir;
    }

    Path logs() {
        return workDir.resolve("logs");
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("stopping the e2e environment failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private synchronized <T extends AutoCloseable> T part(Class<T> type, Supplier<T> start) {
        if (closed) {
            throw new IllegalStateException("the e2e environment is closed");
        }
        if (!parts.containsKey(type)) {
            try {
                T part = start.get();
                started.push(part);
                parts.put(type, part);
            } catch (RuntimeException e) {
                parts.put(type, e);
            }
        }
        Object part = parts.get(type);
        if (part instanceof RuntimeException failure) {
            throw new IllegalStateException(type.getSimpleName() + " did not start", failure);
        }
        return type.cast(part);
    }

    /** Gives test classes the one environment of this JVM; JUnit closes it when the run ends. */
    static final class Extension implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == E2eEnvironment.class;
        }

        @Override
        public E2eEnvironment resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .computeIfAbsent(E2eEnvironment.class, key -> new E2eEnvironment(), E2eEnvironment.class);
        }
    }
}
