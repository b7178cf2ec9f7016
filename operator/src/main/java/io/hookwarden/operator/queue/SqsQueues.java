package io.hookwarden.operator.queue;

import io.javaoperatorsdk.operator.processing.ResourceIDProvider;
import java.util.Objects;

/**
 * The external resource of a WebhookSource: its main queue, its dead-letter queue and the
 * RedrivePolicy that joins them. Identified by the main queue's name, which a queue type change
 * changes, so a fifo source gets new queues rather than a standard queue renamed. A class, not a
 * record: the operator SDK's build-time introspection cannot walk up to java.lang.Record.
 */
public final class SqsQueues implements ResourceIDProvider<String> {
    /** {@code maxReceiveCount} receives, then SQS moves a message to the named dead-letter queue. */
    public record Redrive(String deadLetterQueueName, int maxReceiveCount) {
    }

    private final SqsQueue main;
    private final SqsQueue deadLetter;
    private final Redrive redrive;

    public SqsQueues(SqsQueue main, SqsQueue deadLetter, Redrive redrive) {
        this.main = main;
        this.deadLetter = deadLetter;
        this.redrive = redrive;
    }

    public SqsQueue main() {
        return main;
    }

    public SqsQueue deadLetter() {
        return deadLetter;
    }

    public Redrive redrive() {
        return redrive;
    }

    @Override
    public String resourceId() {
        return main.name();
    }

    /** Drift is in names, attributes, tags and redrive, never in URLs (unknown in the desired state). */
    boolean sameSettingsAs(SqsQueues other) {
        return main.withoutUrl().equals(other.main.withoutUrl())
                && deadLetter.withoutUrl().equals(other.deadLetter.withoutUrl())
                && redrive.equals(other.redrive);
    }

    /** The poller emits an event when a read differs from the last one: equality is by value. */
    @Override
    public boolean equals(Object other) {
        return other instanceof SqsQueues queues && main.equals(queues.main) && deadLetter.equals(queues.deadLetter)
                && redrive.equals(queues.redrive);
    }

    @Override
    public int hashCode() {
        return Objects.hash(main, deadLetter, redrive);
    }

    @Override
    public String toString() {
        return "SqsQueues[main=" + main + ", deadLetter=" + deadLetter + ", redrive=" + redrive + "]";
    }
}
