package io.hookwarden.api.runtime;

import java.util.Locale;

/**
 * The runtime's configuration properties the operator sets, as environment variables named by
 * {@link #env(String)} (MicroProfile Config's mapping, which the runtime reads them back with).
 */
public final class RuntimeSettings {
    /** A WebhookSource manifest file, or a directory of them ({@link RuntimeMounts#SOURCES_PATH}). */
    public static final String SOURCES = "hookwarden.sources";
    /** Root of the mounted Secrets ({@link RuntimeMounts#SECRETS_PATH}). */
    public static final String SECRETS_PATH = "hookwarden.secrets-path";
    public static final String SQS_REGION = "hookwarden.sqs.region";
    /** Endpoint override (ElasticMQ, LocalStack); unset: AWS's regional endpoint. */
    public static final String SQS_ENDPOINT = "hookwarden.sqs.endpoint";
    /** File holding the admin API's bearer token (a mounted Secret's key); unset: no admin API. */
    public static final String ADMIN_TOKEN_FILE = "hookwarden.admin.token-file";
    /** PEM certificate chain the webhook port serves HTTPS with; unset: plain HTTP. Re-read on rotation. */
    public static final String TLS_CERTIFICATE_FILE = "hookwarden.tls.certificate-file";
    /** PEM private key of {@link #TLS_CERTIFICATE_FILE}. */
    public static final String TLS_PRIVATE_KEY_FILE = "hookwarden.tls.private-key-file";
    /** PEM CA bundle client certificates must chain to: set, the webhook port requires one (mTLS). */
    public static final String TLS_CLIENT_CA_FILE = "hookwarden.tls.client-ca-file";
    public static final String DATASOURCE_JDBC_URL = "quarkus.datasource.jdbc.url";
    public static final String DATASOURCE_USERNAME = "quarkus.datasource.username";
    public static final String DATASOURCE_PASSWORD = "quarkus.datasource.password";

    private RuntimeSettings() {
    }

    /** The environment variable of {@code property}: upper case, every other character than a letter or digit an underscore. */
    public static String env(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }
}
