package io.hookwarden.runtime.testing;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.hookwarden.api.v1alpha1.QueueType;
import io.hookwarden.runtime.config.Manifests;
import io.hookwarden.runtime.config.Source;
import io.hookwarden.runtime.config.SourceRegistry;
import io.hookwarden.runtime.local.LocalInfrastructure;
import io.hookwarden.runtime.sqs.OutgoingEvent;
import io.hookwarden.runtime.sqs.SqsClients;
import io.hookwarden.runtime.sqs.SqsQueues;
import io.hookwarden.runtime.store.EventIds;
import io.hookwarden.runtime.store.Events;
import io.hookwarden.runtime.worker.Worker;
import io.hookwarden.runtime.worker.WorkerSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Real PostgreSQL (migrated) and ElasticMQ, plus the sources of a test written as manifests: what
 * worker and replay tests build their objects on, without starting the whole application.
 */
public final class WorkerHarness implements AutoCloseable {
    /** Short waits so workers stop quickly between tests. */
    public static final WorkerSettings FAST = new WorkerSettings(2, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(5));

    private final LocalInfrastructure infrastructure;
    private final AgroalDataSource dataSource;
    private final Events events;
    private final SqsQueues queues;
    private final SourceRegistry sources;
    /** The workers' event loops (their HTTP clients to the sink). */
    private final Vertx vertx = Vertx.vertx();

    /** @param manifests Secret and WebhookSource documents; every source gets its queues created */
    public WorkerHarness(String manifests) {
        try {
            infrastructure = LocalInfrastructure.start(Files.createTempDirectory("hookwarden-worker-test"));
            Path file = Files.createTempFile("sources", ".yaml");
            Files.writeString(file, manifests);
            Manifests loaded = Manifests.load(file);
            sources = new SourceRegistry(loaded.sources());
            dataSource = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                    .connectionPoolConfiguration(pool -> pool.maxSize(20)
                            .connectionFactoryConfiguration(factory -> factory.jdbcUrl(infrastructure.jdbcUrl())
                                    .principal(new NamePrincipal("postgres"))
                                    .credential(new SimplePassword("postgres")))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        Flyway.configure().dataSource(dataSource).load().migrate();
        events = new Events(dataSource);
        queues = new SqsQueues(SqsClients.create("us-east-1", Optional.of(infrastructure.sqsEndpoint()), true));
        sources.all().forEach(queues::provision);
    }

    public AgroalDataSource dataSource() {
        return dataSource;
    }

    /** The gateway to the {@code events} table, on this harness's PostgreSQL. */
    public Events events() {
        return events;
    }

    public SqsQueues queues() {
        return queues;
    }

    public SqsClient sqs() {
        return queues.client();
    }

    public Source source(String name) {
        return sources.get(name);
    }

    public SourceRegistry sources() {
        return sources;
    }

    /** A started worker for these sources, as a worker process would run them. */
    public Worker startWorker(WorkerSettings settings, String... sourceNames) {
        Worker worker = new Worker(Arrays.stream(sourceNames).map(sources::get).toList(), events, queues, vertx,
                new SimpleMeterRegistry(), settings);
        worker.start();
        return worker;
    }

    /** Stores events as ingest would and puts them on their queue as the outbox relay would, in order. */
    public List<UUID> enqueue(String source, List<String> bodies) {
        return enqueueOnto(source, source, bodies);
    }

    /** Events of {@code source} as the relay would send them, put on the queue of {@code queueOf} (a mixed-up queue). */
    public List<UUID> enqueueOnto(String queueOf, String source, List<String> bodies) {
        Source s = sources.get(source);
        String orderingPointer = s.spec().getQueue().getOrderingKey();
        List<OutgoingEvent> events = new ArrayList<>();
        for (String body : bodies) {
            String orderingKey = orderingPointer != null
                    ? io.hookwarden.runtime.ingest.EventFacts.of("application/json", body.getBytes(StandardCharsets.UTF_8)).at(orderingPointer)
                    : null;
            events.add(new OutgoingEvent(EventIds.next(), s, "test.event", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                    "application/json", orderingKey, body));
        }
        insert(events, "queued");
        boolean fifo = s.queueType() == QueueType.FIFO;
        String url = queues.url(sources.get(queueOf).queueName());
        for (int from = 0; from < events.size(); from += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(events.size(), from + 10); i++) {
                entries.add(events.get(i).toEntry(Integer.toString(i - from), fifo, events.get(i).id().toString()));
            }
            var response = sqs().sendMessageBatch(r -> r.queueUrl(url).entries(entries));
            if (!response.failed().isEmpty()) {
                throw new IllegalStateException("SQS refused: " + response.failed());
            }
        }
        return events.stream().map(OutgoingEvent::id).toList();
    }

    public UUID enqueue(String source, String body) {
        return enqueue(source, List.of(body)).get(0);
    }

    /** Rows in {@code events} with the given status; the body is stored whether or not it is sent inline. */
    public void insert(List<OutgoingEvent> events, String status) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement("""
                        INSERT INTO events (id, source, event_type, ordering_key, idempotency_key, body_hash, raw_body,
                                            content_type, traceparent, status)
                        VALUES (?, ?, ?, ?, ?, 'hash', ?, ?, ?, ?)""")) {
            for (OutgoingEvent e : events) {
                insert.setObject(1, e.id());
                insert.setString(2, e.source().id());
                insert.setString(3, e.eventType());
                insert.setString(4, e.orderingKey());
                insert.setString(5, e.id().toString());
                insert.setBytes(6, e.inlineBody() != null ? e.inlineBody().getBytes(StandardCharsets.UTF_8) : new byte[0]);
                insert.setString(7, e.contentType());
                insert.setString(8, e.traceparent());
                insert.setString(9, status);
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One column of an event's row, as text. */
    public String column(UUID eventId, String column) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT " + column + "::text FROM events WHERE id = ?")) {
            select.setObject(1, eventId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public String status(UUID eventId) {
        return column(eventId, "status");
    }

    /** Visible plus in-flight messages of a queue. */
    public int depth(String queueName) {
        Map<QueueAttributeName, String> attributes = sqs().getQueueAttributes(r -> r.queueUrl(queues.url(queueName))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    /** Receives (and so hides for a while) up to 10 visible messages of a queue. */
    public List<Message> peek(String queueName) {
        return sqs().receiveMessage(r -> r.queueUrl(queues.url(queueName)).maxNumberOfMessages(10).waitTimeSeconds(1)
                .visibilityTimeout(1).messageAttributeNames("All")
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
    }

    @Override
    public void close() {
        vertx.close();
        queues.client().close();
        dataSource.close();
        infrastructure.close();
    }
}
