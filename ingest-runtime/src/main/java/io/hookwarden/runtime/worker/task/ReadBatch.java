package io.hookwarden.runtime.worker.task;

import com.fasterxml.jackson.core.JsonPointer;
import io.hookwarden.api.sqs.MessageAttributes;
import io.hookwarden.api.v1alpha1.QueueType;
import io.hookwarden.runtime.config.Source;
import io.hookwarden.runtime.store.DeliveryRow;
import io.hookwarden.runtime.store.EntityVersion;
import io.hookwarden.runtime.store.Events;
import io.hookwarden.runtime.worker.DeliveryMetrics;
import io.hookwarden.runtime.worker.PoisonMessageException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Per-message handling of a received batch: reads its events from PostgreSQL once, deletes
 * duplicates of finished events, dead-letters poison, and starts a delivery chain per message
 * (per message group in FIFO).
 */
public final class ReadBatch {
    /** When PostgreSQL cannot be read, the batch comes back after this long; no attempt is counted. */
    static final int STORE_UNAVAILABLE_RETRY_SECONDS = 5;

    private final Source source;
    private final boolean fifo;
    private final JsonPointer versionPointer;
    private final Events events;
    private final InFlight inFlight;
    private final DeliveryMetrics metrics;
    private final DeliveryLog log;
    private final MoveToDeadLetterQueue deadLetters;
    private final DeliverChain chains;

    public ReadBatch(Source source, Events events, InFlight inFlight, DeliveryMetrics metrics, DeliveryLog log,
            MoveToDeadLetterQueue deadLetters, DeliverChain chains) {
        this.source = source;
        this.fifo = source.queueType() == QueueType.FIFO;
        String versionFrom = source.spec().getOrdering().getVersionFrom();
        this.versionPointer = versionFrom != null ? JsonPointer.compile(versionFrom) : null;
        this.events = events;
        this.inFlight = inFlight;
        this.metrics = metrics;
        this.log = log;
        this.deadLetters = deadLetters;
        this.chains = chains;
    }

    public void process(List<Message> messages) {
        List<InFlightMessage> batch = new ArrayList<>(messages.size());
        for (Message message : messages) {
            batch.add(inFlight.track(message));
        }
        List<UUID> ids = new ArrayList<>();
        List<UUID> withBody = new ArrayList<>();
        for (InFlightMessage m : batch) {
            if (m.eventId != null) {
                ids.add(m.eventId);
                if (!m.payloadInline()) {
                    withBody.add(m.eventId);
                }
            }
        }
        Map<UUID, DeliveryRow> rows;
        try {
            rows = ids.isEmpty() ? Map.of() : events.forDelivery(source.id(), ids, withBody);
        } catch (SQLException e) {
            Logger.getLogger(ReadBatch.class).warnf("events of %d messages of source %s not readable, back on the queue in %d s: %s",
                    batch.size(), source.name(), STORE_UNAVAILABLE_RETRY_SECONDS, e.getMessage());
            batch.forEach(m -> inFlight.release(m, STORE_UNAVAILABLE_RETRY_SECONDS));
            return;
        }
        Map<String, Chain> byKey = new LinkedHashMap<>();
        Set<UUID> inThisBatch = new HashSet<>();
        for (InFlightMessage m : batch) {
            DeliveryRow row = m.eventId != null ? rows.get(m.eventId) : null;
            String foreign = foreignSource(m);
            if (foreign != null) {
                deadLetters.refuse(m, "message of source " + foreign + " on the queue of " + source.id() + "; not delivered");
            } else if (m.eventId == null) {
                deadLetters.poison(m, "message has no valid " + MessageAttributes.EVENT_ID + " attribute");
            } else if (row == null) {
                deadLetters.refuse(m, "event " + m.eventId + " is not an event of " + source.id() + " in PostgreSQL");
            } else if (row.status().isFinished() || !inThisBatch.add(m.eventId)) {
                metrics.dedupHit();
                log.log(Logger.Level.DEBUG, m, "duplicate message deleted (event %s)", row.status().label());
                inFlight.delete(m);
            } else if (inFlight.unrecordedOutcome(m.eventId) != null) {
                // Its sink already has it: deliver it again and the sink gets a copy; record what happened instead.
                log.log(Logger.Level.INFO, m, "delivered before PostgreSQL could record it; recording that, not delivering again");
                inFlight.deleteWhenRecorded(m, inFlight.unrecordedOutcome(m.eventId));
            } else if (!m.attachBody(row)) {
                deadLetters.poison(m, "event " + m.eventId + " has no stored body");
            } else {
                try {
                    m.version = versionPointer != null ? EntityVersion.parse(m.json().at(versionPointer)) : null;
                    String chainKey = fifo && m.groupId != null ? m.groupId : m.message.messageId();
                    byKey.computeIfAbsent(chainKey, k -> new Chain()).add(m);
                } catch (PoisonMessageException e) {
                    deadLetters.poison(m, e.getMessage());
                }
            }
        }
        byKey.values().forEach(chains::start);
    }

    /**
     * The source a message says it is of, when that is not this one. Messages sent before the
     * namespace attribute existed carry only the name; {@code forDelivery} still finds only this
     * source's events, so such a message is refused there if it is another namespace's.
     */
    private String foreignSource(InFlightMessage m) {
        String name = m.attribute(MessageAttributes.SOURCE);
        String namespace = m.attribute(MessageAttributes.NAMESPACE);
        boolean ours = source.name().equals(name) && (namespace == null || source.namespace().equals(namespace));
        if (ours) {
            return null;
        }
        return name == null ? "(none named)" : namespace == null ? name : namespace + "/" + name;
    }
}
