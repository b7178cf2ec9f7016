package io.hookwarden.runtime.http;

import io.hookwarden.api.runtime.RuntimeEndpoints;
import io.hookwarden.api.runtime.RuntimeSettings;
import io.hookwarden.runtime.config.HookwardenConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * TLS, and optionally mTLS, on the webhook port: the runtime's own settings ({@link HookwardenConfig.Tls},
 * named by {@link RuntimeSettings#TLS_CERTIFICATE_FILE} and the others) turned into a named configuration of the Quarkus TLS registry, which the HTTP server uses and
 * re-reads every reload period, so a rotated Secret (the kubelet swaps its files) is served without a restart. The
 * webhook port then speaks HTTPS only; the management and admin ports are unaffected.
 */
public final class WebhookTls {
    static final String CONFIGURATION = "webhooks";
    /** {@link HookwardenConfig.Tls#reloadPeriod()}. */
    public static final String RELOAD_PERIOD = "hookwarden.tls.reload-period";
    private static final String TLS = "quarkus.tls." + CONFIGURATION + ".";

    private WebhookTls() {
    }

    /**
     * The Quarkus properties for the settings {@code setting} finds; none when no certificate is set.
     *
     * @throws IllegalArgumentException when a certificate is set without its key, or a client CA without a certificate
     */
    public static Map<String, String> quarkusProperties(Function<String, Optional<String>> setting) {
        Optional<String> certificate = setting.apply(RuntimeSettings.TLS_CERTIFICATE_FILE);
        Optional<String> key = setting.apply(RuntimeSettings.TLS_PRIVATE_KEY_FILE);
        Optional<String> clientCa = setting.apply(RuntimeSettings.TLS_CLIENT_CA_FILE);
        if (certificate.isEmpty()) {
            if (key.isPresent() || clientCa.isPresent()) {
                throw new IllegalArgumentException(RuntimeSettings.TLS_PRIVATE_KEY_FILE + " and " + RuntimeSettings.TLS_CLIENT_CA_FILE
                        + " need " + RuntimeSettings.TLS_CERTIFICATE_FILE);
            }
            return Map.of();
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(TLS + "key-store.pem.webhook.cert", certificate.get());
        properties.put(TLS + "key-store.pem.webhook.key", key.orElseThrow(() -> new IllegalArgumentException(
                RuntimeSettings.TLS_CERTIFICATE_FILE + " needs " + RuntimeSettings.TLS_PRIVATE_KEY_FILE)));
        properties.put(TLS + "reload-period", setting.apply(RELOAD_PERIOD).orElse(HookwardenConfig.Tls.DEFAULT_RELOAD_PERIOD));
        properties.put("quarkus.http.tls-configuration-name", CONFIGURATION);
        // HTTPS on the webhook port itself: Services, probes (on the management port) and policies stay as they are.
        properties.put("quarkus.http.ssl-port", setting.apply("quarkus.http.port").orElse(Integer.toString(RuntimeEndpoints.HTTP_PORT)));
        properties.put("quarkus.http.insecure-requests", "disabled");
        // Requiring the certificate is ClientCertificateRequirement's: quarkus.http.ssl.client-auth is fixed at build time.
        clientCa.ifPresent(ca -> properties.put(TLS + "trust-store.pem.certs", ca));
        return properties;
    }

    /** A setting as a system property or, as the operator sets it, an environment variable. */
    public static Optional<String> fromSystem(String property) {
        return Optional.ofNullable(System.getProperty(property))
                .or(() -> Optional.ofNullable(System.getenv(RuntimeSettings.env(property))))
                .filter(value -> !value.isBlank());
    }
}
