package io.hookwarden.runtime.replay;

import io.github.bucket4j.Bucket;
import io.hookwarden.api.metrics.ReplayOutcome;
import io.hookwarden.runtime.config.Source;
import io.hookwarden.runtime.sqs.SqsBatch;
import io.hookwarden.runtime.store.Events;
import io.hookwarden.runtime.store.StoredEvent;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/** Requeues the events PostgreSQL holds that match a replay's filter (default: dead-lettered), page by page in id order. */
final class ReplayFromStore {
    private static final int PAGE = 100;
    private static final UUID FIRST = new UUID(0, 0);

    private final Events events;
    private final MarkThenSend sender;
    private final ReplayMetrics metrics;

    ReplayFromStore(Events events, MarkThenSend sender, ReplayMetrics metrics) {
        this.events = events;
        this.sender = sender;
        this.metrics = metrics;
    }

    void run(Source source, ReplayRequest request, Bucket rate, ReplayProgress progress, Consumer<ReplayProgress> onBatch)
            throws SQLException, InterruptedException {
        UUID after = FIRST;
        while (true) {
            List<StoredEvent> page = events.page(request.filter(source.id()), after, PAGE);
            if (page.isEmpty()) {
                return;
            }
            after = page.get(page.size() - 1).id();
            for (List<StoredEvent> batch : SqsBatch.chunks(page, request.batchSize())) {
                Replayer.throttle(rate, batch.size());
                if (request.dryRun()) {
                    progress.requeued.addAndGet(batch.size());
                } else {
                    int sent = sender.send(source, batch).size();
                    progress.requeued.addAndGet(sent);
                    progress.failed.addAndGet(batch.size() - sent);
                    metrics.count(source, ReplayOutcome.REQUEUED, sent);
                    metrics.count(source, ReplayOutcome.FAILED, batch.size() - sent);
                }
                onBatch.accept(progress);
            }
        }
    }
}
