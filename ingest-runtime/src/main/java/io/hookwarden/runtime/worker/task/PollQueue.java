package io.hookwarden.runtime.worker.task;

import io.hookwarden.runtime.config.Source;
import io.hookwarden.runtime.sqs.SqsQueues;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * One poller of a source's queue: long-polls for up to 10 messages, never more than free delivery
 * slots, so no message waits invisible in memory; waits out a pause; backs off while SQS fails.
 */
public final class PollQueue implements Runnable {
    private static final Logger LOG = Logger.getLogger(PollQueue.class);
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final Source source;
    private final SqsQueues queues;
    private final int waitSeconds;
    private final int visibilitySeconds;
    private final InFlight inFlight;
    private final ConsumerState state;
    private final Consumer<List<Message>> process;

    public PollQueue(Source source, SqsQueues queues, Duration pollWait, InFlight inFlight, ConsumerState state,
            Consumer<List<Message>> process) {
        this.source = source;
        this.queues = queues;
        this.waitSeconds = (int) Math.min(20, pollWait.toSeconds());
        this.visibilitySeconds = source.spec().getQueue().effectiveVisibilityTimeoutSeconds();
        this.inFlight = inFlight;
        this.state = state;
        this.process = process;
    }

    @Override
    public void run() {
        long backoff = 0;
        while (state.running()) {
            int wanted = 0;
            try {
                if (backoff > 0) {
                    Thread.sleep(backoff);
                }
                while (state.running() && state.paused()) {
                    Thread.sleep(Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(state.pauseLeftNanos()))));
                }
                wanted = inFlight.acquireSlots(state);
                if (wanted == 0) {
                    continue;
                }
                List<Message> messages = receive(wanted);
                inFlight.returnSlots(wanted - messages.size());
                wanted = 0;
                backoff = 0;
                if (state.halted()) {
                    return;
                }
                if (!state.running()) {
                    // Received while stopping: straight back to the queue.
                    messages.forEach(m -> inFlight.release(inFlight.track(m), 0));
                    return;
                }
                if (!messages.isEmpty()) {
                    process.accept(messages);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (QueueDoesNotExistException e) {
                queues.forget(source.queueName());
                backoff = nextBackoff(backoff);
                LOG.warnf("queue %s does not exist (yet); retrying in %d ms", source.queueName(), backoff);
            } catch (SdkException e) {
                backoff = nextBackoff(backoff);
                LOG.warnf("receiving from %s failed: %s; retrying in %d ms", source.queueName(), e.getMessage(), backoff);
            } catch (RuntimeException e) {
                backoff = MAX_BACKOFF_MILLIS;
                LOG.errorf(e, "consumer of source %s failed unexpectedly; retrying in %d ms", source.name(), backoff);
            } finally {
                inFlight.returnSlots(wanted);
            }
        }
    }

    static long nextBackoff(long backoff) {
        return Math.min(MAX_BACKOFF_MILLIS, Math.max(100, backoff * 2));
    }

    private List<Message> receive(int max) {
        String url = queues.url(source.queueName());
        return queues.client().receiveMessage(r -> r.queueUrl(url)
                .maxNumberOfMessages(max)
                .waitTimeSeconds(waitSeconds)
                .visibilityTimeout(visibilitySeconds)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                        MessageSystemAttributeName.MESSAGE_GROUP_ID)
                .messageAttributeNames("All")).messages();
    }
}
