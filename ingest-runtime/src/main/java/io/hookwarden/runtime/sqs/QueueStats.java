package io.hookwarden.runtime.sqs;

import io.hookwarden.api.metrics.Metric;
import io.hookwarden.api.metrics.MetricLabels;
import io.hookwarden.api.metrics.QueueKind;
import io.hookwarden.runtime.config.Source;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Polls queue depths into {@code hookwarden_queue_messages{queue,kind}} ({@link QueueKind}). */
public final class QueueStats {
    private static final Logger LOG = Logger.getLogger(QueueStats.class);
    private final SqsQueues queues;
    private final Collection<Source> sources;
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> values = new ConcurrentHashMap<>();

    public QueueStats(SqsQueues queues, Collection<Source> sources, MeterRegistry registry) {
        this.queues = queues;
        this.sources = sources;
        this.registry = registry;
    }

    public void poll() {
        for (Source source : sources) {
            try {
                Map<QueueAttributeName, String> main = attributes(source.queueName());
                gauge(source.queueName(), QueueKind.VISIBLE).set(Long.parseLong(main.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)));
                gauge(source.queueName(), QueueKind.IN_FLIGHT).set(
                        Long.parseLong(main.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)));
                Map<QueueAttributeName, String> dlq = attributes(source.deadLetterQueueName());
                gauge(source.queueName(), QueueKind.DLQ).set(Long.parseLong(dlq.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)));
            } catch (SdkException | NumberFormatException e) {
                LOG.debugf("queue depths of %s not read: %s", source.queueName(), e.getMessage());
            }
        }
    }

    private Map<QueueAttributeName, String> attributes(String queueName) {
        String url = queues.url(queueName);
        return queues.client().getQueueAttributes(r -> r.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
    }

    private AtomicLong gauge(String queue, QueueKind kind) {
        return values.computeIfAbsent(queue + "\u0000" + kind.wire(), k -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(Metric.QUEUE_MESSAGES.meterName(), value, AtomicLong::get)
                    .description("Messages in the source's SQS queues")
                    .tags(MetricLabels.QUEUE, queue, MetricLabels.KIND, kind.wire())
                    .register(registry);
            return value;
        });
    }
}
