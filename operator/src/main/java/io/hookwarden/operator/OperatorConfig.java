package io.hookwarden.operator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The operator's settings: everything a WebhookSource does not say about its runtime pods. */
@ConfigMapping(prefix = "hookwarden.operator")
public interface OperatorConfig {
    /** Image of the ingest runtime, run by the ingest and the worker pods. */
    String runtimeImage();

    @WithDefault("IfNotPresent")
    String imagePullPolicy();

    /**
     * Secret with keys jdbc-url, username and password, in each namespace holding WebhookSources;
     * the pods read it through secretKeyRef, so the credentials never appear in a manifest.
     */
    @WithDefault("hookwarden-database")
    String databaseSecret();

    /** How soon a WebhookSource held back by a missing Secret or an error is looked at again. */
    @WithDefault("30s")
    Duration recheckInterval();

    Sqs sqs();

    Runtime runtime();

    Monitoring monitoring();

    interface Sqs {
        @WithDefault("us-east-1")
        String region();

        /** Endpoint override (ElasticMQ, LocalStack) the operator uses; unset: AWS's regional endpoint. */
        Optional<String> endpoint();

        /** How often the queues are read back, so that attribute drift gets corrected. */
        @WithDefault("60s")
        Duration pollInterval();
    }

    interface Runtime {
        /** Endpoint override the runtime pods use, when they reach SQS by another address than the operator. */
        Optional<String> sqsEndpoint();

        /** Annotations of each source's ServiceAccount, e.g. eks.amazonaws.com/role-arn for IRSA. */
        Map<String, String> serviceAccountAnnotations();
    }

    interface Monitoring {
        /** How long the answer of the API discovery for monitoring.coreos.com is trusted. */
        @WithDefault("60s")
        Duration discoveryInterval();
    }
}
