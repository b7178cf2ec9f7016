package io.hookwarden.runtime.sqs;

import io.hookwarden.api.v1alpha1.QueueType;
import io.hookwarden.runtime.config.Source;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** The SQS queues of each source: their URLs (looked up once, forgotten when a queue vanishes) and creation. */
public final class SqsQueues {
    private final SqsClient sqs;
    private final Map<String, String> urls = new ConcurrentHashMap<>();

    public SqsQueues(SqsClient sqs) {
        this.sqs = sqs;
    }

    public SqsClient client() {
        return sqs;
    }

    /** @throws QueueDoesNotExistException while the queue has not been created */
    public String url(String queueName) {
        return urls.computeIfAbsent(queueName, name -> sqs.getQueueUrl(r -> r.queueName(name)).queueUrl());
    }

    public void forget(String queueName) {
        urls.remove(queueName);
    }

    /**
     * Creates the source's dead-letter queue and main queue with its redrive policy (idempotent:
     * SQS returns the existing queue when the attributes match).
     */
    public void provision(Source source) {
        boolean fifo = source.queueType() == QueueType.FIFO;
        String dlqUrl = sqs.createQueue(create(source.deadLetterQueueName(), fifo, Map.of())).queueUrl();
        String dlqArn = sqs.getQueueAttributes(GetQueueAttributesRequest.builder().queueUrl(dlqUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN).build()).attributes().get(QueueAttributeName.QUEUE_ARN);
        Map<QueueAttributeName, String> attributes = new HashMap<>();
        attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT,
                Integer.toString(source.spec().getQueue().effectiveVisibilityTimeoutSeconds()));
        attributes.put(QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\""
                + source.spec().getQueue().getDeadLetter().effectiveMaxReceiveCount() + "\"}");
        urls.put(source.deadLetterQueueName(), dlqUrl);
        urls.put(source.queueName(), sqs.createQueue(create(source.queueName(), fifo, attributes)).queueUrl());
    }

    private static CreateQueueRequest create(String name, boolean fifo, Map<QueueAttributeName, String> extra) {
        Map<QueueAttributeName, String> attributes = new HashMap<>(extra);
        if (fifo) {
            attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
            // Deduplication is by event_id (MessageDeduplicationId), not by body content.
            attributes.put(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false");
        }
        return CreateQueueRequest.builder().queueName(name).attributes(attributes).build();
    }
}
