package io.hookwarden.runtime.outbox;

import static io.hookwarden.runtime.testing.Signer.post;
import static io.hookwarden.runtime.testing.Signer.signed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.hookwarden.api.metrics.Metric;
import io.hookwarden.api.sqs.MessageAttributes;
import io.hookwarden.runtime.config.SourceRegistry;
import io.hookwarden.runtime.sqs.SqsQueues;
import io.hookwarden.runtime.store.EventIds;
import io.hookwarden.runtime.testing.LocalInfrastructureResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** The outbox relay against real PostgreSQL and ElasticMQ, including an SQS outage. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfrastructureResource.class, restrictToAnnotatedClass = true)
class OutboxRelayTest {
    @Inject
    SqsQueues queues;

    @Inject
    SourceRegistry sources;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    OutboxRelay relay;

    @Inject
    MeterRegistry meters;

    @Test
    void acceptedEventReachesTheQueueWithItsAttributes() {
        String body = "{\"type\":\"post.updated\",\"id\":\"7\"}";
        String eventId = post("shop", signed(body).header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
                .then().statusCode(202).extract().path("event_id");
        Message message = drain(sources.get("shop").queueName(), 1).get(eventId).get(0);
        assertThat(message.body()).isEqualTo(body);
        assertThat(message.messageAttributes().get(MessageAttributes.EVENT_TYPE).stringValue()).isEqualTo("post.updated");
        assertThat(message.messageAttributes().get(MessageAttributes.SOURCE).stringValue()).isEqualTo("shop");
        assertThat(message.messageAttributes().get(MessageAttributes.PAYLOAD).stringValue()).isEqualTo("inline");
        assertThat(message.messageAttributes().get(MessageAttributes.TRACEPARENT).stringValue())
                .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    }

    @Test
    void fifoMessagesAreGroupedByTheOrderingKeyAndDeduplicatedByEventId() {
        String entity = UUID.randomUUID().toString();
        String body = "{\"order\":{\"id\":\"" + entity + "\"}}";
        String eventId = post("orders", signed(body)).then().statusCode(202).extract().path("event_id");
        Message message = drain(sources.get("orders").queueName(), 1).get(eventId).get(0);
        assertThat(message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID)).isEqualTo(entity);
        assertThat(message.attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID)).isEqualTo(eventId);
    }

    @Test
    void olderRowsOfSourcesServedElsewhereNeitherGetClaimedNorHoldUpItsOwn() throws Exception {
        // Another namespace's shop, on the same database: its rows are older than ours and not ours to send.
        List<UUID> foreign = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement("""
                        INSERT INTO events (id, source, idempotency_key, body_hash, raw_body)
                        VALUES (?, 'elsewhere/shop', ?, 'hash', '{}'::bytea)""")) {
            for (int i = 0; i < 500; i++) {
                UUID id = io.hookwarden.runtime.store.EventIds.next();
                insert.setObject(1, id);
                insert.setString(2, id.toString());
                insert.addBatch();
                foreign.add(id);
            }
            insert.executeBatch();
        }
        try {
            String eventId = post("shop", signed("{\"after\":\"foreign\"}")).then().statusCode(202).extract().path("event_id");
            assertThat(drain(sources.get("shop").queueName(), 1)).containsKey(eventId);
            try (Connection c = dataSource.getConnection();
                    PreparedStatement lag = c.prepareStatement("SELECT extract(epoch FROM enqueued_at - received_at) FROM events WHERE id = ?::uuid")) {
                lag.setString(1, eventId);
                try (ResultSet rs = lag.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getDouble(1)).as("seconds from commit to SQS").isLessThan(3.0);
                }
            }
            assertThat(statusCount("received")).as("the other namespace's rows, untouched").isEqualTo(foreign.size());
        } finally {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement delete = c.prepareStatement("DELETE FROM events WHERE source = 'elsewhere/shop'")) {
                delete.executeUpdate();
            }
        }
    }

    @Test
    void eventsAcceptedWhileSqsIsDownAreCountedPendingAndArriveExactlyOnceWhenItIsBack() throws Exception {
        LocalInfrastructureResource.infrastructure().stopSqs();
        List<String> accepted = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                accepted.add(post("shop", signed("{\"outage\":" + i + "}")).then().statusCode(202).extract().path("event_id"));
            }
            Thread.sleep(1500);
            assertThat(statusCount("received")).isGreaterThanOrEqualTo(40);
            // hookwarden_outbox_pending once froze at its last value while every round failed.
            await().atMost(Duration.ofSeconds(15)).until(() -> relay.pending() >= 40);
        } finally {
            LocalInfrastructureResource.infrastructure().startSqs();
        }
        // ElasticMQ keeps queues in memory: recreate them as the operator would.
        sources.all().forEach(queues::provision);
        await().atMost(Duration.ofSeconds(30)).until(() -> statusCount("received") == 0);
        Map<String, List<Message>> received = drain(sources.get("shop").queueName(), accepted.size());
        for (String eventId : accepted) {
            assertThat(received.get(eventId)).as("messages for %s", eventId).hasSize(1);
        }
    }

    @Test
    void anEventSqsRefusesWaitsWithItsReasonWhileTheEventsBehindItLeaveAtOnce() throws Exception {
        // Stored before ingest checked event types (left over from an upgrade): SQS refuses the control character
        // in its event type attribute, now and on every retry. It is the oldest row of the outbox, claimed first.
        UUID poison = EventIds.next();
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement("""
                        INSERT INTO events (id, source, event_type, idempotency_key, body_hash, raw_body)
                        VALUES (?, ?, 'order\u0001paid', ?, 'hash', '{}'::bytea)""")) {
            insert.setObject(1, poison);
            insert.setString(2, sources.get("shop").id());
            insert.setString(3, poison.toString());
            insert.executeUpdate();
        }
        double refusedBefore = refusals("shop");
        try {
            List<UUID> healthy = new ArrayList<>();
            // Spread over 8 s: a relay that backs off on the refusal (up to 5 s) holds every one of them back.
            for (int i = 0; i < 40; i++) {
                healthy.add(UUID.fromString(post("shop", signed("{\"behind\":\"poison\",\"n\":" + i + "}"))
                        .then().statusCode(202).extract().path("event_id")));
                Thread.sleep(200);
            }
            assertThat(drain(sources.get("shop").queueName(), healthy.size()).keySet())
                    .containsAll(healthy.stream().map(UUID::toString).toList());
            try (Connection c = dataSource.getConnection();
                    PreparedStatement lag = c.prepareStatement("""
                            SELECT max(extract(epoch FROM enqueued_at - received_at)) FROM events WHERE id = ANY(?::uuid[])""")) {
                lag.setArray(1, c.createArrayOf("uuid", healthy.toArray()));
                try (ResultSet rs = lag.executeQuery()) {
                    rs.next();
                    assertThat(rs.getDouble(1)).as("slowest healthy event's seconds from commit to SQS").isLessThan(2.5);
                }
                try (PreparedStatement refused = c.prepareStatement("""
                        SELECT status, relay_attempts, relay_error, relay_retry_at IS NOT NULL FROM events WHERE id = ?""")) {
                    refused.setObject(1, poison);
                    try (ResultSet rs = refused.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getString(1)).as("still in the outbox").isEqualTo("received");
                        // Retried after 5 s, then 10 s: a relay that retried it with the rest would have sent it dozens of times.
                        assertThat(rs.getInt(2)).as("refusals so far").isBetween(1, 3);
                        assertThat(rs.getString(3)).as("SQS's reason").isNotBlank();
                        assertThat(rs.getBoolean(4)).as("with a time for its own retry").isTrue();
                    }
                }
            }
            assertThat(refusals("shop") - refusedBefore).as("refusals counted").isBetween(1.0, 3.0);
        } finally {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement delete = c.prepareStatement("DELETE FROM events WHERE id = ?")) {
                delete.setObject(1, poison);
                delete.executeUpdate();
            }
        }
    }

    private double refusals(String source) {
        return meters.get(Metric.RELAY_REFUSALS.meterName()).tags(sources.get(source).meterTags()).counter().count();
    }

    /** Receives (and deletes) until at least {@code expected} messages arrived, then one more empty poll. */
    private Map<String, List<Message>> drain(String queueName, int expected) {
        String url = queues.url(queueName);
        Map<String, List<Message>> byEventId = new HashMap<>();
        long deadline = System.currentTimeMillis() + 20_000;
        int total = 0;
        boolean sawEnough = false;
        while (System.currentTimeMillis() < deadline) {
            List<Message> batch = queues.client().receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            if (batch.isEmpty() && sawEnough) {
                break;
            }
            for (Message m : batch) {
                byEventId.computeIfAbsent(m.messageAttributes().get(MessageAttributes.EVENT_ID).stringValue(), k -> new ArrayList<>()).add(m);
                queues.client().deleteMessage(r -> r.queueUrl(url).receiptHandle(m.receiptHandle()));
                total++;
            }
            sawEnough = total >= expected;
        }
        return byEventId;
    }

    private long statusCount(String status) throws Exception {
        try (Connection c = dataSource.getConnection();
                ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM events WHERE status = '" + status + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
