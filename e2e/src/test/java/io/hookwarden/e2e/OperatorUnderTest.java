package io.hookwarden.e2e;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.hookwarden.operator.LeaderElection;
import io.hookwarden.operator.secrets.SecretResolver;
import io.hookwarden.runtime.local.LocalInfrastructure;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The operator the suite talks to: by default the packaged jar, run here as two replicas (as the chart
 * runs it) against the cluster and the ElasticMQ of {@link LocalInfrastructure}; with
 * {@code -Dhookwarden.e2e.operator=installed}, the one Helm installed in the cluster, whose SQS (and
 * the PostgreSQL of its pods) the kind scripts provide.
 */
final class OperatorUnderTest implements AutoCloseable {
    /** The Secret with the runtime pods' database connection, in each namespace with WebhookSources. */
    static final String DATABASE_SECRET = "hookwarden-database";
    static final String REGION = "us-east-1";
    /** What the default AWS credential chain finds here; ElasticMQ accepts any. */
    static final Map<String, String> AWS_CREDENTIALS = Map.of("AWS_ACCESS_KEY_ID", "e2e", "AWS_SECRET_ACCESS_KEY", "e2e");
    /** Where the replicas run by the suite keep their Lease; the chart uses its release namespace. */
    static final String LEASE_NAMESPACE = "default";
    static final int REPLICAS = 2;
    private static final Duration STARTUP = Duration.ofMinutes(2);

    private final Cluster cluster;
    private final LocalInfrastructure infrastructure;
    private final List<OperatorReplica> replicas;
    private final String sqsEndpoint;
    private final SqsClient sqs;

    private OperatorUnderTest(Cluster cluster, LocalInfrastructure infrastructure, List<OperatorReplica> replicas,
            String sqsEndpoint) {
        this.cluster = cluster;
        this.infrastructure = infrastructure;
        this.replicas = replicas;
        this.sqsEndpoint = sqsEndpoint;
        this.sqs = SqsClient.builder()
                .endpointOverride(URI.create(sqsEndpoint))
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("e2e", "e2e")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    static OperatorUnderTest start(Cluster cluster, LocalInfrastructure infrastructure, Path logs) {
        if (Settings.operatorInstalled()) {
            return new OperatorUnderTest(cluster, infrastructure, List.of(), Settings.installedSqsEndpoint());
        }
        List<OperatorReplica> replicas = new ArrayList<>();
        try {
            for (int i = 0; i < REPLICAS; i++) {
                replicas.add(startReplica(cluster, infrastructure, logs, "operator-" + i));
            }
        } catch (RuntimeException e) {
            replicas.forEach(OperatorReplica::close);
            throw e;
        }
        return new OperatorUnderTest(cluster, infrastructure, List.copyOf(replicas), infrastructure.sqsEndpoint());
    }

    private static OperatorReplica startReplica(Cluster cluster, LocalInfrastructure infrastructure, Path logs, String identity) {
        int port = FreePort.find();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.http.host", "127.0.0.1");
        properties.put("quarkus.http.port", String.valueOf(port));
        properties.put("quarkus.log.console.json.enabled", "false");
        properties.put("hookwarden.operator.sqs.endpoint", infrastructure.sqsEndpoint());
        properties.put("hookwarden.operator.sqs.region", REGION);
        properties.put("hookwarden.operator.database-secret", DATABASE_SECRET);
        properties.put("hookwarden.operator.lease.namespace", LEASE_NAMESPACE);
        properties.put("hookwarden.operator.lease.identity", identity);
        Map<String, String> environment = new LinkedHashMap<>(AWS_CREDENTIALS);
        environment.put("KUBECONFIG", cluster.kubeconfig().toString());
        LoggedProcess operator = LoggedProcess.startJar(identity, Settings.operatorJar(), properties, List.of(),
                environment, logs.resolve(identity + ".log"));
        try {
            // A replica that waits for the Lease is ready too: otherwise no rollout could replace a leader.
            Http.awaitOk(URI.create("http://127.0.0.1:" + port + "/q/health/ready"), operator, STARTUP);
        } catch (RuntimeException e) {
            operator.close();
            throw e;
        }
        return new OperatorReplica(identity, operator);
    }

    /** The replicas this suite started, also those killed since; empty when the operator is installed. */
    List<OperatorReplica> replicas() {
        return replicas;
    }

    /** The identity holding the operator's Lease now, if any. */
    Optional<String> leader() {
        return Optional.ofNullable(cluster.client().leases().inNamespace(LEASE_NAMESPACE).withName(LeaderElection.LEASE_NAME).get())
                .map(lease -> lease.getSpec().getHolderIdentity());
    }

    /** The SQS the operator provisions queues in, as this machine reaches it. */
    SqsClient sqs() {
        return sqs;
    }

    /** Creates the database Secret the operator requires next to each WebhookSource. */
    Secret prepareNamespace(String namespace) {
        String jdbcUrl = Settings.operatorInstalled() ? Settings.installedPodsJdbcUrl() : infrastructure.jdbcUrl();
        return cluster.client().resource(new SecretBuilder()
                .withNewMetadata().withName(DATABASE_SECRET).withNamespace(namespace).endMetadata()
                .addToStringData(SecretResolver.JDBC_URL_KEY, jdbcUrl)
                .addToStringData(SecretResolver.USERNAME_KEY, "postgres")
                .addToStringData(SecretResolver.PASSWORD_KEY, "postgres")
                .build()).forceConflicts().serverSideApply();
    }

    /**
     * Environment overrides for a runtime pod run on this machine: with an installed operator, the pods'
     * PostgreSQL and SQS addresses are cluster-internal, so the local process gets this machine's instead.
     */
    Map<String, String> localPodOverrides() {
        if (!Settings.operatorInstalled()) {
            return Map.of();
        }
        return Map.of("QUARKUS_DATASOURCE_JDBC_URL", infrastructure.jdbcUrl(), "HOOKWARDEN_SQS_ENDPOINT", sqsEndpoint);
    }

    /** Deletes the tests' resources first: the WebhookSources' finalizers need the operator. */
    @Override
    public void close() {
        try {
            cluster.deleteTestResources();
        } finally {
            sqs.close();
            replicas.forEach(OperatorReplica::close);
        }
    }
}
