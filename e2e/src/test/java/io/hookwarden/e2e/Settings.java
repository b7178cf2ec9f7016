package io.hookwarden.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the suite runs against, from system properties ({@code -Dhookwarden.e2e.*}) and KUBECONFIG.
 * A missing prerequisite is an error with its remedy, never a reason to skip.
 */
final class Settings {
    private static final String PREFIX = "hookwarden.e2e.";

    private Settings() {
    }

    /** The repository root: crds/, examples/, the built jars and the control-plane scripts. */
    static Path repository() {
        return Path.of(required("repository")).toAbsolutePath().normalize();
    }

    /** Logs, the local control plane and temporary files: target/e2e. */
    static Path workDir() {
        return Path.of(required("work-dir")).toAbsolutePath().normalize();
    }

    /** A cluster to use; empty: the suite starts the local control plane. */
    static Optional<Path> kubeconfig() {
        return optional("kubeconfig").or(() -> Optional.ofNullable(System.getenv("KUBECONFIG")).filter(s -> !s.isBlank()))
                .map(Path::of);
    }

    /**
     * {@code process} (default): the suite runs the operator jar itself, against an ElasticMQ it starts.
     * {@code installed}: an operator already runs in the cluster (e2e/kind installs it with Helm).
     */
    static boolean operatorInstalled() {
        String mode = optional("operator").orElse("process");
        if (!mode.equals("process") && !mode.equals("installed")) {
            throw new IllegalStateException("-D" + PREFIX + "operator must be process or installed, not " + mode);
        }
        return mode.equals("installed");
    }

    /**
     * {@code -Dhookwarden.e2e.real-pods=true}: the cluster must run containers (a real node, not kwok),
     * so the pod checks cannot be passed by a simulation.
     */
    static boolean realPodsRequired() {
        return Boolean.parseBoolean(optional("real-pods").orElse("false"));
    }

    /** The SQS endpoint of the installed operator, as this machine reaches it (e.g. a port-forward). */
    static String installedSqsEndpoint() {
        return required("sqs-endpoint");
    }

    /** The jdbc-url the runtime pods of an installed operator use (a PostgreSQL inside the cluster). */
    static String installedPodsJdbcUrl() {
        return required("pods-jdbc-url");
    }

    static Path operatorJar() {
        return builtJar("operator");
    }

    static Path runtimeJar() {
        return builtJar("ingest-runtime");
    }

    private static Path builtJar(String module) {
        Path jar = repository().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first, e.g. ./mvnw -B verify -pl e2e -am");
        }
        return jar;
    }

    private static String required(String name) {
        return optional(name).orElseThrow(() -> new IllegalStateException(
                "-D" + PREFIX + name + " is not set (the e2e pom sets it when run through Maven)"));
    }

    private static Optional<String> optional(String name) {
        return Optional.ofNullable(System.getProperty(PREFIX + name)).filter(s -> !s.isBlank());
    }
}
