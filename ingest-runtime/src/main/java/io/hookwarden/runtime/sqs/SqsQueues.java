package io.hookwarden.runtime.sqs;

import io.hookwarden.api.sqs.QueueAttributes;
import io.hookwarden.api.sqs.QueueDefinition;
import io.hookwarden.api.sqs.QueueTags;
import io.hookwarden.api.sqs.SourceQueues;
import io.hookwarden.runtime.config.Source;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** The SQS queues of each source: their URLs (looked up once, forgotten when a queue vanishes) and, in local mode, creation. */
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
     * Creates the source's queue pair as the operator's provisioner does ({@link SourceQueues}): the
     * dead-letter queue, then the main queue with its redrive policy. Idempotent: SQS returns the
     * existing queue when the attributes match.
     */
    public void provision(Source source) {
        SourceQueues queues = SourceQueues.of(source.namespace(), source.name(), source.spec().getQueue(), QueueTags.LOCAL_MODE);
        String dlqUrl = create(queues.deadLetter(), queues.deadLetter().attributes());
        String dlqArn = sqs.getQueueAttributes(r -> r.queueUrl(dlqUrl).attributeNamesWithStrings(QueueAttributes.QUEUE_ARN))
                .attributesAsStrings().get(QueueAttributes.QUEUE_ARN);
        create(queues.main(), queues.mainAttributes(dlqArn));
    }

    private String create(QueueDefinition queue, Map<String, String> attributes) {
        String url = sqs.createQueue(r -> r.queueName(queue.name()).attributesWithStrings(attributes).tags(queue.tags())).queueUrl();
        urls.put(queue.name(), url);
        return url;
    }
}
