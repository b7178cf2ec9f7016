package io.hookwarden.operator.testing;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hookwarden.api.v1alpha1.IngestTls;
import io.hookwarden.api.v1alpha1.SecretKeyRef;
import io.hookwarden.api.v1alpha1.SignatureScheme;
import io.hookwarden.api.v1alpha1.Verification;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.api.v1alpha1.WebhookSourceSpec;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** WebhookSources and Secrets for reconciler tests, each test in a namespace of its own. */
public final class Fixtures {
    public static final String SIGNING_SECRET = "signing";
    public static final String SIGNING_KEY = "secret";
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    private Fixtures() {
    }

    public static String freshNamespace() {
        return "test-" + NAMESPACES.incrementAndGet();
    }

    public static WebhookSource source(String namespace, String name) {
        Verification verification = new Verification();
        verification.setScheme(SignatureScheme.HMAC_SHA256_V1);
        verification.setSecretRef(new SecretKeyRef(SIGNING_SECRET, SIGNING_KEY));
        WebhookSourceSpec spec = new WebhookSourceSpec();
        spec.setVerification(verification);
        WebhookSource source = new WebhookSource();
        source.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        source.setSpec(spec);
        return source;
    }

    /** {@code source} with spec.ingest.tls from Secret hooks-tls, requiring client certificates of producers-ca/ca.crt. */
    public static WebhookSource withMtls(WebhookSource source) {
        IngestTls tls = new IngestTls();
        tls.setSecretName("hooks-tls");
        IngestTls.ClientCertificate clients = new IngestTls.ClientCertificate();
        clients.setCaSecretRef(new SecretKeyRef("producers-ca", "ca.crt"));
        tls.setClientCertificate(clients);
        source.getSpec().getIngest().setTls(tls);
        return source;
    }

    public static Secret secret(String namespace, String name, Map<String, String> stringData) {
        return new SecretBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withStringData(stringData)
                .build();
    }

    /** The signing Secret and the database Secret the operator's default settings name. */
    public static void createSecrets(KubernetesClient client, String namespace) {
        client.resource(secret(namespace, SIGNING_SECRET, Map.of(SIGNING_KEY, "s3cr3t"))).create();
        client.resource(secret(namespace, "hookwarden-database",
                Map.of("jdbc-url", "jdbc:postgresql://db:5432/hookwarden", "username", "hookwarden", "password", "pw"))).create();
    }
}
