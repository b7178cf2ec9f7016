package io.hookwarden.operator.monitoring;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRuleSpec;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRuleSpecBuilder;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.RuleBuilder;
import io.hookwarden.api.metrics.FailureClass;
import io.hookwarden.api.metrics.IngestOutcome;
import io.hookwarden.api.metrics.Metric;
import io.hookwarden.api.metrics.MetricLabels;
import io.hookwarden.api.metrics.QueueKind;
import io.hookwarden.api.runtime.RefusedEventRetry;
import io.hookwarden.api.v1alpha1.QueueNames;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.operator.ResourceNames;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The alerts of one WebhookSource, scoped to its namespace and its pods or {@code source} label.
 * Tested with promtool (operator/src/test/promtool): change a threshold there too.
 */
public final class AlertRules {
    static final String SCRAPE_INTERVAL = "30s";
    /** Target labels Prometheus adds to every scraped series (the runtime's own labels are {@link MetricLabels}). */
    static final String NAMESPACE_LABEL = "namespace";
    static final String POD_LABEL = "pod";
    public static final String WEBHOOKSOURCE_LABEL = "webhooksource";
    public static final String SEVERITY_LABEL = "severity";
    /** Wakes someone up. */
    public static final String PAGE = "page";
    /** Waits for working hours. */
    public static final String WARNING = "warning";

    /** Failed deliveries of one failure class (retried, dead-lettered or throttled), as a share of all deliveries, that page. */
    static final double DELIVERY_FAILURE_RATIO = 0.05;
    /** Below this volume a few failures are noise, not a 5 % incident. */
    static final int MIN_DELIVERIES_PER_MINUTE = 20;
    /** 503 answers (store unavailable) as a share of all requests. */
    static final double INGEST_UNAVAILABLE_RATIO = 0.05;
    /** Longer than the longest wait between two sends of a refused event, so that each wait sees a refusal. */
    static final String REFUSALS_WINDOW = RefusedEventRetry.MAX.plusMinutes(5).toMinutes() + "m";
    /** Dead letters expire after 14 days; three leave time to look and replay. */
    static final long DEAD_LETTER_MAX_AGE_SECONDS = 3 * 24 * 3600;

    private AlertRules() {
    }

    public static PrometheusRuleSpec of(WebhookSource source) {
        String namespace = source.getMetadata().getNamespace();
        String name = source.getMetadata().getName();
        String inNamespace = eq(NAMESPACE_LABEL, namespace);
        String bySource = inNamespace + "," + eq(MetricLabels.SOURCE, name);
        String byPod = inNamespace + "," + POD_LABEL + "=~\"" + ResourceNames.ingest(source) + "-.+|"
                + ResourceNames.worker(source) + "-.+\"";
        String deadLetters = inNamespace + "," + eq(MetricLabels.QUEUE,
                QueueNames.mainQueue(namespace, name, source.getSpec().getQueue().effectiveType()))
                + "," + eq(MetricLabels.KIND, QueueKind.DLQ.wire());
        String deliveries = series(Metric.DELIVERIES, bySource);
        // Delivered and superseded deliveries carry failure_class="none": they are not failures.
        String failedDeliveries = series(Metric.DELIVERIES,
                bySource + "," + MetricLabels.FAILURE_CLASS + "!=\"" + FailureClass.NONE + "\"");
        String requests = series(Metric.INGEST_REQUESTS, bySource);
        String unavailable = series(Metric.INGEST_REQUESTS, bySource + "," + eq(MetricLabels.OUTCOME, IngestOutcome.UNAVAILABLE.wire()));
        String byNamespace = "sum by (" + NAMESPACE_LABEL + ") ";
        String what = "WebhookSource " + namespace + "/" + name;

        return new PrometheusRuleSpecBuilder()
                .addNewGroup()
                .withName("hookwarden." + namespace + "." + name)
                .withRules(
                        alert(source, "HookwardenDeadLetterQueueNotEmpty", WARNING, "5m",
                                "max by (" + NAMESPACE_LABEL + ") (" + series(Metric.QUEUE_MESSAGES, deadLetters) + ") > 0",
                                "Dead letters in the queue of " + what,
                                "Messages failed delivery maxReceiveCount times and wait in the dead-letter queue; "
                                        + "fix the sink, then replay them."),
                        alert(source, "HookwardenDeliveryFailureRate", PAGE, "1m",
                                "(sum by (" + NAMESPACE_LABEL + ", " + MetricLabels.FAILURE_CLASS + ") (rate(" + failedDeliveries + "[1m]))"
                                        + " / ignoring(" + MetricLabels.FAILURE_CLASS + ") group_left"
                                        + " " + byNamespace + "(rate(" + deliveries + "[1m])))"
                                        + " > " + DELIVERY_FAILURE_RATIO
                                        + " and ignoring(" + MetricLabels.FAILURE_CLASS + ")"
                                        + " " + byNamespace + "(rate(" + deliveries + "[1m])) * 60 >= " + MIN_DELIVERIES_PER_MINUTE,
                                "Deliveries of " + what + " fail (" + template(MetricLabels.FAILURE_CLASS) + ")",
                                "More than 5 % of deliveries failed with " + template(MetricLabels.FAILURE_CLASS)
                                        + " over the last minute."),
                        alert(source, "HookwardenIngestUnavailable", PAGE, "5m",
                                byNamespace + "(rate(" + unavailable + "[5m]))"
                                        + " / " + byNamespace + "(rate(" + requests + "[5m])) > " + INGEST_UNAVAILABLE_RATIO,
                                "Ingest of " + what + " answers 503",
                                "More than 5 % of webhook requests got 503: the event store (PostgreSQL) is unavailable "
                                        + "or saturated, producers are told to retry."),
                        alert(source, "HookwardenOutboxBacklogGrowing", WARNING, "10m",
                                "max by (" + NAMESPACE_LABEL + ") (" + series(Metric.OUTBOX_PENDING, byPod) + ") > 0"
                                        + " and max by (" + NAMESPACE_LABEL + ") (deriv(" + series(Metric.OUTBOX_PENDING, byPod) + "[10m])) > 0",
                                "Outbox backlog of " + what + " keeps growing",
                                "Stored events are not reaching SQS as fast as they arrive: check SQS reachability "
                                        + "and the relay's logs."),
                        alert(source, "HookwardenOutboxEventRefused", WARNING, "1m",
                                byNamespace + "(increase(" + series(Metric.RELAY_REFUSALS, bySource) + "[" + REFUSALS_WINDOW + "])) > 0",
                                "SQS refuses an event of " + what,
                                "SQS refused to take an event from the outbox (the reason is in the relay's log and the "
                                        + "event's relay_error); it is retried on its own backoff and does not hold up "
                                        + "the others. Fix or delete the event."),
                        alert(source, "HookwardenDeadLetterMessageOld", WARNING, "5m",
                                "max by (" + NAMESPACE_LABEL + ") (" + series(Metric.DLQ_OLDEST_AGE, byPod) + ") > "
                                        + DEAD_LETTER_MAX_AGE_SECONDS,
                                "Old dead letters in the queue of " + what,
                                "The oldest dead letter is over three days old; SQS drops it at 14 days."))
                .endGroup()
                .build();
    }

    private static String series(Metric metric, String matchers) {
        return metric.prometheusName() + "{" + matchers + "}";
    }

    private static String eq(String label, String value) {
        return label + "=\"" + value + "\"";
    }

    /** An alert template's reference to the value of {@code label}. */
    private static String template(String label) {
        return "{{ $labels." + label + " }}";
    }

    private static Rule alert(WebhookSource source, String name, String severity, String pendingFor, String expr,
            String summary, String description) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(SEVERITY_LABEL, severity);
        labels.put(WEBHOOKSOURCE_LABEL, source.getMetadata().getName());
        return new RuleBuilder()
                .withAlert(name)
                .withExpr(new IntOrString(expr))
                .withFor(pendingFor)
                .withLabels(labels)
                .withAnnotations(new TreeMap<>(Map.of("summary", summary, "description", description)))
                .build();
    }
}
