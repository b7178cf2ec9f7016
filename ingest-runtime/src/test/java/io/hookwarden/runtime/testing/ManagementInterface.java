package io.hookwarden.runtime.testing;

/**
 * The management interface (health, metrics) of the application under test. Its port is reserved
 * by the build before the tests start (surefire sets {@code quarkus.management.test-port}), so that
 * parallel builds never share the fixed default 9001.
 */
public final class ManagementInterface {
    private ManagementInterface() {
    }

    public static String url(String path) {
        String port = System.getProperty("quarkus.management.test-port");
        if (port == null) {
            throw new IllegalStateException("quarkus.management.test-port is not set: run the tests through Maven");
        }
        return "http://localhost:" + port + path;
    }
}
