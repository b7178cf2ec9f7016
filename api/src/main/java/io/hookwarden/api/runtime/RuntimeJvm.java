package io.hookwarden.api.runtime;

/**
 * The JVM options the operator gives every runtime pod (as {@link #ENV}): a heap and off-heap
 * budget that keeps an ingest pod under 256 MB of resident memory at full load, whatever the
 * node's size (without a cap the JVM sizes its heap from the node's memory, not the pod's), and
 * the parallel collector, which spends less CPU per request than G1 on the one or two cores a pod
 * gets. {@code benchmarks/run.sh} starts the runtime with the same options.
 */
public final class RuntimeJvm {
    /** Read by every JVM at start, before the image's own command-line options. */
    public static final String ENV = "JAVA_TOOL_OPTIONS";
    public static final String OPTIONS = "-Xmx160m -Xss512k -XX:MaxMetaspaceSize=160m -XX:ReservedCodeCacheSize=64m "
            + "-XX:MaxDirectMemorySize=64m -XX:+UseParallelGC";

    private RuntimeJvm() {
    }
}
