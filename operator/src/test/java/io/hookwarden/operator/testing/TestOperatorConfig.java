package io.hookwarden.operator.testing;

import io.hookwarden.operator.LeaderElection;
import io.hookwarden.operator.OperatorConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The operator's settings for builder unit tests, which run without Quarkus to map them. */
public record TestOperatorConfig(Optional<String> operatorSqsEndpoint, Optional<String> runtimeSqsEndpoint)
        implements OperatorConfig {
    public static final String IMAGE = "ghcr.io/hookwarden/ingest-runtime:test";
    public static final String DATABASE_SECRET = "hookwarden-database";
    public static final String REGION = "eu-west-1";

    public static TestOperatorConfig onAws() {
        return new TestOperatorConfig(Optional.empty(), Optional.empty());
    }

    @Override
    public String runtimeImage() {
        return IMAGE;
    }

    @Override
    public String imagePullPolicy() {
        return "IfNotPresent";
    }

    @Override
    public String databaseSecret() {
        return DATABASE_SECRET;
    }

    @Override
    public Sqs sqs() {
        return new Sqs() {
            @Override
            public String region() {
                return REGION;
            }

            @Override
            public Optional<String> endpoint() {
                return operatorSqsEndpoint;
            }

            @Override
            public Duration pollInterval() {
                return Duration.ofSeconds(60);
            }
        };
    }

    @Override
    public Runtime runtime() {
        return new Runtime() {
            @Override
            public Optional<String> sqsEndpoint() {
                return runtimeSqsEndpoint;
            }

            @Override
            public Map<String, String> serviceAccountAnnotations() {
                return Map.of();
            }
        };
    }

    @Override
    public Lease lease() {
        return new Lease() {
            @Override
            public String name() {
                return LeaderElection.LEASE_NAME;
            }

            @Override
            public Optional<String> namespace() {
                return Optional.empty();
            }

            @Override
            public Optional<String> identity() {
                return Optional.empty();
            }
        };
    }

    @Override
    public Monitoring monitoring() {
        return () -> Duration.ofSeconds(60);
    }
}
