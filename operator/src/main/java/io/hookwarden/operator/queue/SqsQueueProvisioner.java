package io.hookwarden.operator.queue;

import io.hookwarden.api.sqs.QueueAttributes;
import io.hookwarden.api.sqs.RedrivePolicy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** Reads, creates, corrects and deletes a source's queue pair through the SQS API. */
@ApplicationScoped
public class SqsQueueProvisioner {
    /** Logged once per queue the operator creates: leader election means one replica, once. */
    public static final String CREATED = "created SQS queue %s";
    private static final Logger LOG = Logger.getLogger(SqsQueueProvisioner.class);

    private final SqsClient sqs;

    public SqsQueueProvisioner(SqsClient sqs) {
        this.sqs = sqs;
    }

    /** The pair as it is, with the attributes {@code wanted} names; empty while either queue is missing. */
    public Optional<SqsQueues> read(SqsQueues wanted) {
        Optional<Observed> deadLetter = describe(wanted.deadLetter());
        Optional<Observed> main = describe(wanted.main());
        if (deadLetter.isEmpty() || main.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SqsQueues(main.get().queue(), deadLetter.get().queue(), redrive(main.get().redrivePolicy())));
    }

    /** Creates what is missing and sets what differs; the dead-letter queue first, as the redrive names it. */
    public SqsQueues apply(SqsQueues wanted) {
        String deadLetterUrl = ensure(wanted.deadLetter(), Map.of());
        String deadLetterArn = sqs.getQueueAttributes(request -> request.queueUrl(deadLetterUrl)
                .attributeNamesWithStrings(QueueAttributes.QUEUE_ARN)).attributesAsStrings().get(QueueAttributes.QUEUE_ARN);
        ensure(wanted.main(), Map.of(QueueAttributes.REDRIVE_POLICY,
                new RedrivePolicy(deadLetterArn, wanted.redrive().maxReceiveCount()).toJson()));
        return read(wanted).orElseThrow(() -> new IllegalStateException(
                "queues " + wanted.main().name() + " and " + wanted.deadLetter().name() + " vanished right after being set"));
    }

    /** Deletes both queues; a queue that is already gone is fine. */
    public void delete(SqsQueues wanted) {
        for (SqsQueue queue : new SqsQueue[] {wanted.main(), wanted.deadLetter()}) {
            url(queue.name()).ifPresent(url -> {
                try {
                    sqs.deleteQueue(request -> request.queueUrl(url));
                } catch (QueueDoesNotExistException e) {
                    // deleted concurrently: the goal is reached
                }
            });
        }
    }

    private String ensure(SqsQueue queue, Map<String, String> extraAttributes) {
        Map<String, String> attributes = new LinkedHashMap<>(queue.attributes());
        attributes.putAll(extraAttributes);
        Optional<String> existing = url(queue.name());
        if (existing.isEmpty()) {
            String created = sqs.createQueue(request -> request.queueName(queue.name())
                    .attributesWithStrings(attributes)
                    .tags(queue.tags())).queueUrl();
            LOG.infof(CREATED, queue.name());
            return created;
        }
        String url = existing.get();
        Map<String, String> settable = new LinkedHashMap<>(attributes);
        settable.keySet().removeAll(QueueAttributes.CREATE_ONLY);
        sqs.setQueueAttributes(request -> request.queueUrl(url).attributesWithStrings(settable));
        sqs.tagQueue(request -> request.queueUrl(url).tags(queue.tags()));
        return url;
    }

    private Optional<Observed> describe(SqsQueue wanted) {
        return url(wanted.name()).map(url -> {
            Map<String, String> all = sqs.getQueueAttributes(request -> request.queueUrl(url)
                    .attributeNames(QueueAttributeName.ALL)).attributesAsStrings();
            Map<String, String> managed = new LinkedHashMap<>();
            // An attribute the server does not report cannot drift (ElasticMQ ignores MessageRetentionPeriod).
            wanted.attributes().forEach((name, value) -> managed.put(name, all.getOrDefault(name, value)));
            Map<String, String> tags = new HashMap<>(sqs.listQueueTags(request -> request.queueUrl(url)).tags());
            tags.keySet().retainAll(wanted.tags().keySet());
            return new Observed(new SqsQueue(wanted.name(), url, managed, tags), all.get(QueueAttributes.REDRIVE_POLICY));
        });
    }

    private Optional<String> url(String name) {
        try {
            return Optional.of(sqs.getQueueUrl(request -> request.queueName(name)).queueUrl());
        } catch (QueueDoesNotExistException e) {
            return Optional.empty();
        }
    }

    /** Compared by the dead-letter queue's name, the account being unknown to the spec. */
    private static SqsQueues.Redrive redrive(String redrivePolicy) {
        return RedrivePolicy.parse(redrivePolicy)
                .map(policy -> new SqsQueues.Redrive(policy.deadLetterQueueName(), policy.maxReceiveCount()))
                .orElse(new SqsQueues.Redrive(null, 0));
    }

    private record Observed(SqsQueue queue, String redrivePolicy) {
    }
}
