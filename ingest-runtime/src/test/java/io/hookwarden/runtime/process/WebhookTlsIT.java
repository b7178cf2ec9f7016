package io.hookwarden.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hookwarden.api.runtime.RuntimeSettings;
import io.hookwarden.runtime.http.WebhookTls;
import io.hookwarden.runtime.local.LocalInfrastructure;
import io.hookwarden.runtime.testing.Signer;
import io.hookwarden.runtime.testing.TestCertificates;
import io.hookwarden.runtime.testing.TestCertificates.Issued;
import io.hookwarden.runtime.testing.TestCertificates.Pem;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged runtime serving its webhook port over TLS from PEM files (as the operator mounts a
 * kubernetes.io/tls Secret), with certificates made here: one process with TLS, one that also requires
 * a client certificate of a given CA (mTLS), on one PostgreSQL.
 */
class WebhookTlsIT {
    /** Short only here, so that the rotation test need not wait out the default period. */
    private static final String RELOAD_PERIOD = "1s";

    @TempDir
    static Path dir;

    private static LocalInfrastructure infrastructure;
    private static final List<Process> runtimes = new ArrayList<>();
    private static Issued authority;
    private static Issued clientAuthority;
    private static Pem serverPem;
    private static int tlsPort;
    private static int mtlsPort;

    @BeforeAll
    static void start() throws IOException {
        infrastructure = LocalInfrastructure.start(dir.resolve("data"));
        authority = TestCertificates.authority("hookwarden test CA");
        clientAuthority = TestCertificates.authority("producers CA");
        serverPem = TestCertificates.server(authority).writePem(dir, "server");
        Path clientCa = TestCertificates.write(dir.resolve("clients-ca.crt"), clientAuthority.certificate());
        Path manifest = Files.writeString(dir.resolve("sources.yaml"), PackagedRuntime.MANIFEST);

        tlsPort = PackagedRuntime.freePort();
        runtimes.add(start(manifest, tlsPort, List.of()));
        mtlsPort = PackagedRuntime.freePort();
        runtimes.add(start(manifest, mtlsPort, List.of("-D" + RuntimeSettings.TLS_CLIENT_CA_FILE + "=" + clientCa)));
    }

    @AfterAll
    static void stop() {
        runtimes.forEach(Process::destroyForcibly);
        if (infrastructure != null) {
            infrastructure.close();
        }
    }

    @Test
    void webhookIsAcceptedOverHttpsWithTheConfiguredCertificate() throws Exception {
        HttpResponse<String> response = post(TestCertificates.trustingOnly(authority.certificate()), tlsPort);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.sslSession()).hasValueSatisfying(session -> assertThat(session.getProtocol()).startsWith("TLS"));
    }

    @Test
    void plainHttpIsNotServedOnTheWebhookPort() {
        assertThatThrownBy(() -> PackagedRuntime.post(tlsPort, UUID.randomUUID().toString(), "{\"id\":\"plain\"}"))
                .isInstanceOf(IOException.class);
    }

    @Test
    void rotatedCertificateIsServedWithoutARestart() throws Exception {
        X509Certificate before = servedCertificate(tlsPort);
        Pem rotated = TestCertificates.server(authority).writePem(Files.createTempDirectory(dir, "rotated"), "server");
        // As the kubelet does: each file replaced in one step, never half-written.
        Files.move(rotated.key(), serverPem.key(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(rotated.certificate(), serverPem.certificate(), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(servedCertificate(tlsPort).getSerialNumber()).isNotEqualTo(before.getSerialNumber()));
        assertThat(post(TestCertificates.trustingOnly(authority.certificate()), tlsPort).statusCode()).isEqualTo(202);
    }

    @Test
    void mtlsAcceptsAClientCertificateOfTheConfiguredCa() throws Exception {
        Issued producer = TestCertificates.client(clientAuthority, "producer");

        assertThat(post(producer.clientContext(authority.certificate()), mtlsPort).statusCode()).isEqualTo(202);
    }

    @Test
    void mtlsRefusesAClientWithoutACertificate() {
        assertThatThrownBy(() -> post(TestCertificates.trustingOnly(authority.certificate()), mtlsPort))
                .isInstanceOf(IOException.class);
    }

    @Test
    void mtlsRefusesAClientCertificateOfAnotherCa() {
        Issued stranger = TestCertificates.client(TestCertificates.authority("another CA"), "stranger");

        assertThatThrownBy(() -> post(stranger.clientContext(authority.certificate()), mtlsPort))
                .isInstanceOf(IOException.class);
    }

    private static Process start(Path manifest, int port, List<String> extraOptions) throws IOException {
        List<String> options = new ArrayList<>();
        infrastructure.runtimeConfig().forEach((k, v) -> options.add("-D" + k + "=" + v));
        options.add("-D" + RuntimeSettings.TLS_CERTIFICATE_FILE + "=" + serverPem.certificate());
        options.add("-D" + RuntimeSettings.TLS_PRIVATE_KEY_FILE + "=" + serverPem.key());
        options.add("-D" + WebhookTls.RELOAD_PERIOD + "=" + RELOAD_PERIOD);
        options.addAll(extraOptions);
        return PackagedRuntime.start(dir, options, List.of("serve", "--sources", manifest.toString(), "--port", Integer.toString(port)));
    }

    /** A signed webhook over a new connection (no pooled session), as {@code tls} lets the client connect. */
    private static HttpResponse<String> post(SSLContext tls, int port) throws IOException, InterruptedException {
        String key = UUID.randomUUID().toString();
        HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(PackagedRuntime.signedRequest(URI.create("https://localhost:" + port + "/webhooks/shop"), key,
                Signer.now(), "{\"id\":\"" + key + "\"}"), HttpResponse.BodyHandlers.ofString());
    }

    /** The certificate a fresh handshake is answered with. */
    private static X509Certificate servedCertificate(int port) throws IOException {
        try (SSLSocket socket = (SSLSocket) TestCertificates.trustingOnly(authority.certificate()).getSocketFactory()
                .createSocket("localhost", port)) {
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }
}
