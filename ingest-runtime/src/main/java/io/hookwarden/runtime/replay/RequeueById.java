package io.hookwarden.runtime.replay;

import io.hookwarden.api.metrics.ReplayOutcome;
import io.hookwarden.runtime.config.Source;
import io.hookwarden.runtime.config.SourceRegistry;
import io.hookwarden.runtime.sqs.SqsBatch;
import io.hookwarden.runtime.store.Events;
import io.hookwarden.runtime.store.StoredEvent;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Sends named events to their queues again, whatever their status (delivered ones are delivered again). */
final class RequeueById {
    private final Events events;
    private final SourceRegistry sources;
    private final MarkThenSend sender;
    private final ReplayMetrics metrics;

    RequeueById(Events events, SourceRegistry sources, MarkThenSend sender, ReplayMetrics metrics) {
        this.events = events;
        this.sources = sources;
        this.sender = sender;
        this.metrics = metrics;
    }

    Replayer.RequeueResult requeue(List<UUID> ids) throws SQLException {
        Map<UUID, StoredEvent> rows = events.byId(ids);
        List<UUID> requeued = new ArrayList<>();
        Map<UUID, String> failed = new LinkedHashMap<>();
        Map<String, List<StoredEvent>> bySource = new LinkedHashMap<>();
        for (UUID id : ids) {
            StoredEvent row = rows.get(id);
            if (row != null) {
                bySource.computeIfAbsent(row.source(), s -> new ArrayList<>()).add(row);
            }
        }
        for (Map.Entry<String, List<StoredEvent>> entry : bySource.entrySet()) {
            Source source = sources.byId(entry.getKey());
            if (source == null) {
                entry.getValue().forEach(row -> failed.put(row.id(), "source " + row.source() + " is not configured here"));
                continue;
            }
            for (List<StoredEvent> chunk : SqsBatch.chunks(entry.getValue(), SqsBatch.MAX_ENTRIES)) {
                List<UUID> sent = sender.send(source, chunk);
                requeued.addAll(sent);
                chunk.stream().filter(row -> !sent.contains(row.id())).forEach(row -> failed.put(row.id(), "not accepted by SQS"));
                metrics.count(source, ReplayOutcome.REQUEUED, sent.size());
                metrics.count(source, ReplayOutcome.FAILED, chunk.size() - sent.size());
            }
        }
        List<UUID> notFound = ids.stream().filter(id -> !rows.containsKey(id)).toList();
        return new Replayer.RequeueResult(requeued, notFound, failed);
    }
}
