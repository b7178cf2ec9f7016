package io.hookwarden.runtime.worker.task;

import io.hookwarden.api.sqs.MessageAttributes;
import io.hookwarden.runtime.config.Manifests;
import io.hookwarden.runtime.config.Source;
import io.hookwarden.runtime.config.SourceRegistry;
import io.hookwarden.runtime.store.DeliveryOutcome;
import io.hookwarden.runtime.store.DeliveryRow;
import io.hookwarden.runtime.store.EventStatus;
import io.hookwarden.runtime.testing.Attributes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** In-memory collaborators for the worker's tasks: what they asked SQS and the ledger to do, in order. */
final class TaskFixture {
    static final String QUEUE_URL = "http://127.0.0.1/queue/test";

    private TaskFixture() {
    }

    /** A source named {@code test} with this spec below its verification (sink, queue, ordering). */
    static Source source(String spec) {
        try {
            Path file = Files.createTempFile("task-source", ".yaml");
            Files.writeString(file, """
                    apiVersion: hookwarden.io/v1alpha1
                    kind: WebhookSource
                    metadata: {name: test, namespace: test}
                    spec:
                      verification: {scheme: hmac-sha256-v1, secretRef: {name: s, key: k}}
                    """ + spec);
            return new SourceRegistry(Manifests.load(file).sources()).get("test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** WebhookSource manifests in namespace {@code test}, one per name, each with this spec below its verification. */
    static String manifests(String spec, String... names) {
        StringBuilder manifests = new StringBuilder();
        for (String name : names) {
            manifests.append("---\napiVersion: hookwarden.io/v1alpha1\nkind: WebhookSource\nmetadata: {name: ").append(name)
                    .append(", namespace: test}\nspec:\n  verification: {scheme: hmac-sha256-v1, secretRef: {name: s, key: k}}\n")
                    .append(spec);
        }
        return manifests.toString();
    }

    /** A message of an event, as SQS hands it out the {@code receiveCount}-th time. */
    static Message message(UUID eventId, int receiveCount, String groupId) {
        return message(null, eventId, receiveCount, groupId);
    }

    /** A message as the relay sends it for an event of {@code source} (null: one naming no source). */
    static Message message(Source source, UUID eventId, int receiveCount, String groupId) {
        Map<MessageSystemAttributeName, String> system = new java.util.HashMap<>();
        system.put(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, Integer.toString(receiveCount));
        if (groupId != null) {
            system.put(MessageSystemAttributeName.MESSAGE_GROUP_ID, groupId);
        }
        Map<String, software.amazon.awssdk.services.sqs.model.MessageAttributeValue> attributes = new java.util.HashMap<>(Map.of(
                MessageAttributes.EVENT_ID, Attributes.text(eventId.toString()),
                MessageAttributes.PAYLOAD, Attributes.text(MessageAttributes.Payload.INLINE.wire()),
                MessageAttributes.CONTENT_TYPE, Attributes.text("application/json")));
        if (source != null) {
            attributes.put(MessageAttributes.SOURCE, Attributes.text(source.name()));
            attributes.put(MessageAttributes.NAMESPACE, Attributes.text(source.namespace()));
        }
        return Message.builder().messageId(UUID.randomUUID().toString()).receiptHandle("handle-" + eventId)
                .body("{\"id\":\"" + eventId + "\"}")
                .messageAttributes(attributes)
                .attributes(system).build();
    }

    /** A tracked message whose event row has been read (queued, no version delivered yet). */
    static InFlightMessage ready(InFlight inFlight, int receiveCount) {
        UUID id = UUID.randomUUID();
        InFlightMessage m = inFlight.track(message(id, receiveCount, null));
        m.attachBody(new DeliveryRow(id, EventStatus.QUEUED, OffsetDateTime.now(), null, null, null));
        return m;
    }

    static String handle(InFlightMessage m) {
        return m.message.receiptHandle();
    }

    /** Deletes and visibility changes as "delete handle" and "visible handle seconds". */
    static final class RecordingActions implements MessageActions {
        final List<String> actions = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void delete(String queueUrl, String receiptHandle) {
            actions.add("delete " + receiptHandle);
        }

        @Override
        public void changeVisibility(String queueUrl, String receiptHandle, int seconds) {
            actions.add("visible " + receiptHandle + " " + seconds);
        }
    }

    /** Outcomes in the order recorded; each commits at once unless {@link #holdCommits} is set. */
    static final class RecordingLedger implements OutcomeRecorder {
        final List<DeliveryOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        final List<CompletableFuture<Void>> pending = Collections.synchronizedList(new ArrayList<>());
        volatile boolean holdCommits;

        @Override
        public CompletableFuture<Void> record(DeliveryOutcome outcome) {
            outcomes.add(outcome);
            CompletableFuture<Void> committed = new CompletableFuture<>();
            if (holdCommits) {
                pending.add(committed);
            } else {
                committed.complete(null);
            }
            return committed;
        }
    }

    /** Keeps what it is given to run, so a test can see it was handed over (and run it, or not). */
    static final class QueuedExecutor implements Executor {
        final List<Runnable> tasks = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }
    }

    /** Acknowledgements sent to SQS one by one, at once (what the batching sender does, minus the batching). */
    static MessageActions direct(SqsClient sqs) {
        return new MessageActions() {
            @Override
            public void delete(String queueUrl, String receiptHandle) {
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(receiptHandle));
            }

            @Override
            public void changeVisibility(String queueUrl, String receiptHandle, int seconds) {
                sqs.changeMessageVisibility(r -> r.queueUrl(queueUrl).receiptHandle(receiptHandle).visibilityTimeout(seconds));
            }
        };
    }

    /** Receives what is visible on a queue (up to 10), with every attribute a worker asks for. */
    static List<Message> receive(SqsClient sqs, String queueUrl) {
        return sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1).visibilityTimeout(30)
                .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                        MessageSystemAttributeName.MESSAGE_GROUP_ID)).messages();
    }
}
