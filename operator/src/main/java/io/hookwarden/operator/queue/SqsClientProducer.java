package io.hookwarden.operator.queue;

import io.hookwarden.operator.OperatorConfig;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/** The operator's SQS client: region and endpoint from its settings, credentials from the default chain (IRSA on EKS). */
public class SqsClientProducer {
    @Produces
    @Singleton
    SqsClient sqsClient(OperatorConfig config) {
        SqsClientBuilder builder = SqsClient.builder()
                .region(Region.of(config.sqs().region()))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(UrlConnectionHttpClient.builder());
        config.sqs().endpoint().map(URI::create).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    void close(@Disposes SqsClient sqs) {
        sqs.close();
    }
}
