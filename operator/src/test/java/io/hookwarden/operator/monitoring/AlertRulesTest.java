package io.hookwarden.operator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;
import io.hookwarden.api.v1alpha1.QueueType;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.operator.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertRulesTest {
    private static RuleGroup group(WebhookSource source) {
        return AlertRules.of(source).getGroups().get(0);
    }

    private static Rule rule(WebhookSource source, String alert) {
        return group(source).getRules().stream().filter(rule -> rule.getAlert().equals(alert)).findFirst().orElseThrow();
    }

    @Test
    void oneGroupPerSourceNamedAfterIt() {
        assertThat(AlertRules.of(Fixtures.source("shop", "stripe")).getGroups()).singleElement()
                .satisfies(group -> assertThat(group.getName()).isEqualTo("hookwarden.shop.stripe"));
    }

    @Test
    void everyAlertCarriesItsSeverityAndWebhookSource() {
        List<Rule> rules = group(Fixtures.source("shop", "stripe")).getRules();

        assertThat(rules).extracting(Rule::getAlert).containsExactly("HookwardenDeadLetterQueueNotEmpty",
                "HookwardenDeliveryFailureRate", "HookwardenIngestUnavailable", "HookwardenOutboxBacklogGrowing",
                "HookwardenOutboxEventRefused", "HookwardenDeadLetterMessageOld");
        assertThat(rules).allSatisfy(rule -> assertThat(rule.getLabels())
                .containsEntry(AlertRules.WEBHOOKSOURCE_LABEL, "stripe")
                .containsKey(AlertRules.SEVERITY_LABEL));
    }

    @Test
    void onlyFailureRateAndUnavailableIngestPage() {
        assertThat(group(Fixtures.source("shop", "stripe")).getRules())
                .filteredOn(rule -> AlertRules.PAGE.equals(rule.getLabels().get(AlertRules.SEVERITY_LABEL)))
                .extracting(Rule::getAlert)
                .containsExactly("HookwardenDeliveryFailureRate", "HookwardenIngestUnavailable");
    }

    @Test
    void sourceScopedRulesSelectTheSourcesNamespaceAndName() {
        assertThat(rule(Fixtures.source("shop", "stripe"), "HookwardenIngestUnavailable").getExpr().getStrVal())
                .contains("hookwarden_ingest_requests_total{namespace=\"shop\",source=\"stripe\",outcome=\"unavailable\"}")
                .contains("hookwarden_ingest_requests_total{namespace=\"shop\",source=\"stripe\"}");
    }

    @Test
    void podScopedRulesSelectTheSourcesIngestAndWorkerPods() {
        assertThat(rule(Fixtures.source("shop", "stripe"), "HookwardenOutboxBacklogGrowing").getExpr().getStrVal())
                .contains("pod=~\"stripe-hookwarden-ingest-.+|stripe-hookwarden-worker-.+\"");
    }

    @Test
    void failedDeliveriesAreTheOnesWithAFailureClass() {
        assertThat(rule(Fixtures.source("shop", "stripe"), "HookwardenDeliveryFailureRate").getExpr().getStrVal())
                .contains("hookwarden_deliveries_total{namespace=\"shop\",source=\"stripe\",failure_class!=\"none\"}");
    }

    @Test
    void deadLetterAlertWatchesTheFifoQueueOfAFifoSource() {
        WebhookSource source = Fixtures.source("shop", "wp");
        source.getSpec().getQueue().setType(QueueType.FIFO);

        assertThat(rule(source, "HookwardenDeadLetterQueueNotEmpty").getExpr().getStrVal())
                .contains("queue=\"hookwarden-shop-wp.fifo\",kind=\"dlq\"");
    }
}
