package io.hookwarden.runtime.http;

import io.hookwarden.runtime.config.HookwardenConfig;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import jakarta.inject.Singleton;

/**
 * mTLS on the webhook port: with a client CA configured ({@link WebhookTls}), a connection without a
 * certificate that chains to it is refused in the handshake. Set here, at run time, because Quarkus
 * fixes {@code quarkus.http.ssl.client-auth} at build time.
 */
@Singleton
public class ClientCertificateRequirement implements HttpServerOptionsCustomizer {
    private final HookwardenConfig config;

    public ClientCertificateRequirement(HookwardenConfig config) {
        this.config = config;
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        if (config.tls().clientCaFile().isPresent()) {
            options.setClientAuth(ClientAuth.REQUIRED);
        }
    }
}
