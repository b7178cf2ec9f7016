package io.hookwarden.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookwarden.api.runtime.RuntimeSettings;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WebhookTlsTest {
    private static Map<String, String> properties(Map<String, String> settings) {
        return WebhookTls.quarkusProperties(name -> Optional.ofNullable(settings.get(name)));
    }

    @Test
    void withoutACertificateTheWebhookPortStaysPlainHttp() {
        assertThat(properties(Map.of())).isEmpty();
    }

    @Test
    void withACertificateTheWebhookPortItselfServesHttpsOnly() {
        Map<String, String> quarkus = properties(Map.of(RuntimeSettings.TLS_CERTIFICATE_FILE, "/s/tls.crt",
                RuntimeSettings.TLS_PRIVATE_KEY_FILE, "/s/tls.key", "quarkus.http.port", "8443"));

        assertThat(quarkus).containsEntry("quarkus.http.ssl-port", "8443")
                .containsEntry("quarkus.http.insecure-requests", "disabled")
                .containsEntry("quarkus.tls.webhooks.key-store.pem.webhook.cert", "/s/tls.crt")
                .containsEntry("quarkus.tls.webhooks.key-store.pem.webhook.key", "/s/tls.key")
                .containsEntry("quarkus.tls.webhooks.reload-period", "30s")
                .doesNotContainKey("quarkus.tls.webhooks.trust-store.pem.certs");
    }

    @Test
    void aCertificateWithoutItsKeyIsRefused() {
        assertThatThrownBy(() -> properties(Map.of(RuntimeSettings.TLS_CERTIFICATE_FILE, "/s/tls.crt")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(RuntimeSettings.TLS_PRIVATE_KEY_FILE);
    }

    @Test
    void aClientCaWithoutACertificateIsRefused() {
        assertThatThrownBy(() -> properties(Map.of(RuntimeSettings.TLS_CLIENT_CA_FILE, "/s/ca.crt")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(RuntimeSettings.TLS_CERTIFICATE_FILE);
    }
}
