package io.hookwarden.runtime.replay;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.hookwarden.runtime.config.Source;
import io.hookwarden.runtime.config.SourceRegistry;
import io.hookwarden.runtime.sqs.SqsQueues;
import io.hookwarden.runtime.store.Events;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Puts events back on their source's main queue, keeping their event id (sinks deduplicate on ce-id),
 * in one of three modes: {@link RequeueById by id}, {@link ReplayFromStore selected in PostgreSQL},
 * or {@link RedriveDeadLetterQueue from the DLQ}. A replay can be interrupted and run again.
 */
public final class Replayer {
    /** @param failed event id to why it was not requeued */
    public record RequeueResult(List<UUID> requeued, List<UUID> notFound, Map<UUID, String> failed) {
    }

    private final SourceRegistry sources;
    private final RequeueById byId;
    private final ReplayFromStore fromStore;
    private final RedriveDeadLetterQueue fromDeadLetterQueue;

    public Replayer(Events events, SqsQueues queues, SourceRegistry sources, MeterRegistry meters) {
        this.sources = sources;
        MarkThenSend sender = new MarkThenSend(events, queues);
        ReplayMetrics metrics = new ReplayMetrics(meters);
        this.byId = new RequeueById(events, sources, sender, metrics);
        this.fromStore = new ReplayFromStore(events, sender, metrics);
        this.fromDeadLetterQueue = new RedriveDeadLetterQueue(events, queues, sender, metrics);
    }

    /** Sends these events to their queues again, whatever their status (delivered ones are delivered again). */
    public RequeueResult requeue(List<UUID> ids) throws SQLException {
        return byId.requeue(ids);
    }

    /**
     * Runs a replay to its end (or until the thread is interrupted), reporting after each batch.
     * The progress records how it ended; an exception is recorded there too.
     */
    public void replay(ReplayRequest request, ReplayProgress progress, Consumer<ReplayProgress> onBatch) {
        try {
            Source source = sources.get(request.source());
            if (source == null) {
                throw new IllegalArgumentException("no source is named " + request.source());
            }
            Bucket rate = request.ratePerSecond() > 0 ? Bucket.builder().addLimit(Bandwidth.builder()
                    .capacity(request.batchSize()).refillGreedy(request.ratePerSecond(), Duration.ofSeconds(1)).build()).build()
                    : null;
            if (request.fromDeadLetterQueue()) {
                fromDeadLetterQueue.run(source, request, rate, progress, onBatch);
            } else {
                fromStore.run(source, request, rate, progress, onBatch);
            }
            progress.finish(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            progress.finish("interrupted");
        } catch (SQLException | SdkException | IllegalArgumentException e) {
            progress.finish(e.getMessage());
        }
        onBatch.accept(progress);
    }

    static void throttle(Bucket rate, int events) throws InterruptedException {
        if (rate != null && events > 0) {
            rate.asBlocking().consume(events);
        }
    }
}
