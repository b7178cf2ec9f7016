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

    Sqs sqs();

    Runtime runtime();

    Monitoring monitoring();

    Lease lease();

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

    /** The Lease the replicas elect their leader with ({@link LeaderElection}). */
    interface Lease {
        @WithDefault(LeaderElection.LEASE_NAME)
        String name();

        /** Unset: the namespace of the operator's ServiceAccount (in a pod) or of the kubeconfig's context. */
        Optional<String> namespace();

        /** This replica's name in the Lease; unset: HOSTNAME, which is the pod's name. */
        Optional<String> identity();
    }

    interface Monitoring {
        /** How long the answer of the API discovery for monitoring.coreos.com is trusted. */
        @WithDefault("60s")
        Duration discoveryInterval();
    }
}
