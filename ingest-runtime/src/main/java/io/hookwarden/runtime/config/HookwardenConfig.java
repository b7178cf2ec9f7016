package io.hookwarden.runtime.config;

import io.hookwarden.api.runtime.RuntimeEndpoints;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The runtime's own settings (everything about a source comes from its WebhookSource instead). */
@ConfigMapping(prefix = "hookwarden")
public interface HookwardenConfig {
    /** The command the process was started with. */
    @WithDefault("serve")
    Mode mode();

    /** A WebhookSource manifest file, or a directory of them (the operator's ConfigMap mount, {@link io.hookwarden.api.runtime.RuntimeMounts#SOURCES_PATH}). */
    String sources();

    /** Root of the mounted Secrets ({@link io.hookwarden.api.runtime.RuntimeMounts#SECRETS_PATH}); unset: Secrets come from the manifests. */
    Optional<String> secretsPath();

    Sqs sqs();

    Store store();

    Ingest ingest();

    Relay relay();

    Worker worker();

    Admin admin();

    /** Read by {@code Main} before Quarkus starts and turned into the TLS registry's settings ({@code http.WebhookTls}). */
    Tls tls();

    /** How often the secrets are re-read (rotation without restart). */
    @WithDefault("1s")
    Duration secretsRefreshInterval();

    /** How often expired idempotency keys are deleted. */
    @WithDefault("60s")
    Duration retentionInterval();

    interface Sqs {
        /** Endpoint override (ElasticMQ, LocalStack); unset: AWS's regional endpoint. */
        Optional<String> endpoint();

        @WithDefault("us-east-1")
        String region();

        /** Use placeholder credentials: ElasticMQ ignores them, but the AWS SDK insists on some. Local mode only. */
        @WithDefault("false")
        boolean localCredentials();

        /** Create the queues and dead-letter queues at startup (local mode; in a cluster the operator does it). */
        @WithDefault("false")
        boolean provisionQueues();

        /** How often queue depths are read for hookwarden_queue_messages. */
        @WithDefault("15s")
        Duration statsInterval();
    }

    interface Store {
        /** Threads committing batches in parallel, each on its own connection. */
        @WithDefault("4")
        int writers();

        /** Most requests one transaction stores. */
        @WithDefault("256")
        int batchSize();

        /** Requests waiting for a writer before new ones get 503. */
        @WithDefault("20000")
        int queueCapacity();

        /** Retry-After of a 503 when the store is unavailable. */
        @WithDefault("5")
        int unavailableRetryAfterSeconds();
    }

    /** Limits of the ingest endpoint against slow and hostile clients (the HTTP server's own are quarkus.http.*). */
    interface Ingest {
        /**
         * How long a request's line and headers may take to arrive, from the connection's opening or the first byte
         * of a request on a kept-alive one, before the client is answered 408 and closed.
         */
        @WithDefault("10s")
        Duration headerTimeout();

        /** How long a request body may take to arrive before the request is answered 408 and closed. */
        @WithDefault("10s")
        Duration bodyTimeout();

        /** Requests per second that may fail verification from one client address before it is refused (429). */
        @WithDefault("10")
        int unverifiedPerSecond();

        /** How many failing requests one address may send at once before the per-second budget applies. */
        @WithDefault("50")
        int unverifiedBurst();

        /** Client addresses whose failing requests are counted at once; past that the counts start over. */
        @WithDefault("10000")
        int unverifiedAddresses();
    }

    interface Relay {
        /**
         * Whether this process moves the outbox onto SQS. Off, ingest pods only store, and a
         * separate deployment (or the benchmark's ingest-only run) relays.
         */
        @WithDefault("true")
        boolean enabled();

        /** Events claimed per round. */
        @WithDefault("500")
        int claimSize();

        /** Bodies up to this size travel in the SQS message; larger ones are read from PostgreSQL. */
        @WithDefault("65536")
        int inlineMaxBytes();

        /** SendMessageBatch calls in flight. */
        @WithDefault("4")
        int senders();
    }

    interface Worker {
        /** Threads long-polling each source's queue (each receives up to 10 messages at a time). */
        @WithDefault("2")
        int pollers();

        /** Long-poll wait of one ReceiveMessage call (at most 20 s). */
        @WithDefault("20s")
        Duration pollWait();

        /** Cap on a sink's Retry-After: a source is paused at most this long per answer. */
        @WithDefault("15m")
        Duration maxRetryAfter();

        /** On shutdown, how long deliveries in flight may finish before their messages are released. */
        @WithDefault("30s")
        Duration shutdownGrace();
    }

    /** HTTPS, and optionally mTLS, on the webhook port; unset certificate: plain HTTP. */
    interface Tls {
        /** The kubelet itself takes a minute or so to swap a rotated Secret's files. */
        String DEFAULT_RELOAD_PERIOD = "30s";

        /** PEM certificate chain ({@code RuntimeSettings.TLS_CERTIFICATE_FILE}). */
        Optional<String> certificateFile();

        Optional<String> privateKeyFile();

        /** PEM CA bundle: set, clients must present a certificate that chains to it. */
        Optional<String> clientCaFile();

        /** How often the files are re-read, so that a rotated Secret is served without a restart. */
        @WithDefault(DEFAULT_RELOAD_PERIOD)
        Duration reloadPeriod();
    }

    interface Admin {
        /** Port of the admin API (requeue, replay); never the ingest port. */
        @WithDefault("" + RuntimeEndpoints.ADMIN_PORT)
        int port();

        @WithDefault("0.0.0.0")
        String host();

        /** File holding the admin bearer token (a mounted Secret, re-read per request). Unset: no admin API, except in local mode. */
        Optional<String> tokenFile();
    }
}
