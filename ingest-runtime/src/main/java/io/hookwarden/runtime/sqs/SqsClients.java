package io.hookwarden.runtime.sqs;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/** The one way the runtime builds its SQS client: the JDK's HTTP client, a region, and for local mode an endpoint. */
public final class SqsClients {
    private SqsClients() {
    }

    /**
     * @param endpoint a local SQS (ElasticMQ); empty for AWS
     * @param localCredentials fixed credentials a local SQS accepts, instead of the AWS default chain
     */
    public static SqsClient create(String region, Optional<String> endpoint, boolean localCredentials) {
        SqsClientBuilder builder = SqsClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(region))
                // The SDK would hash every message body and attribute on send and receive to compare with
                // SQS's MD5s, a large share of the relay's CPU; TLS already authenticates every byte to and
                // from SQS (and local mode's ElasticMQ is on the loopback).
                .checksumValidationEnabled(false);
        endpoint.ifPresent(url -> builder.endpointOverride(URI.create(url)));
        if (localCredentials) {
            builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
        }
        return builder.build();
    }
}
