package io.hookwarden.operator.monitoring;

import static io.hookwarden.api.v1alpha1.WebhookSourceConditions.ALERTS_READY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.api.v1alpha1.WebhookSourceConditions.Reasons;
import io.hookwarden.operator.testing.ElasticMqResource;
import io.hookwarden.operator.testing.Fixtures;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** Installing the Prometheus Operator's CRDs while the operator runs turns the monitoring dependents on. */
@QuarkusTest
@TestProfile(MonitoringResourcesTest.OwnServer.class)
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(value = ElasticMqResource.class, restrictToAnnotatedClass = true)
class MonitoringResourcesTest {
    @Inject
    KubernetesClient client;

    /** A server of its own: the CRDs installed here must not reach the other reconciler tests. */
    public static class OwnServer implements QuarkusTestProfile {
    }

    @Test
    void monitoringResourcesAppearOnceTheApiIsServed() {
        String namespace = Fixtures.freshNamespace();
        Fixtures.createSecrets(client, namespace);
        client.resource(Fixtures.source(namespace, "shopify")).create();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(alertsReason(namespace))
                .isEqualTo(Reasons.MONITORING_API_NOT_INSTALLED));

        for (String kind : List.of("ServiceMonitor", "PodMonitor", "PrometheusRule")) {
            client.resource(crd(kind)).create();
        }
        // The operator looks again at its next reconciliation (at the latest every 10 minutes); a spec change brings it now.
        client.resources(WebhookSource.class).inNamespace(namespace).withName("shopify").edit(source -> {
            source.getSpec().setMaxBodyBytes(4096);
            return source;
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(alertsReason(namespace))
                .isEqualTo(Reasons.RULES_INSTALLED));

        // The status reports the rules; the monitors are dependents of their own, applied alongside.
        ServiceMonitor serviceMonitor = await().atMost(Duration.ofSeconds(30)).until(() -> client.resources(ServiceMonitor.class)
                .inNamespace(namespace).withName("shopify-hookwarden-ingest").get(), Objects::nonNull);
        assertThat(serviceMonitor.getSpec().getEndpoints()).singleElement()
                .satisfies(endpoint -> {
                    assertThat(endpoint.getPath()).isEqualTo("/q/metrics");
                    assertThat(endpoint.getPort()).isEqualTo("management");
                });
        assertThat(serviceMonitor.getSpec().getSelector().getMatchLabels())
                .containsEntry("app.kubernetes.io/component", "ingest");
        PodMonitor podMonitor = await().atMost(Duration.ofSeconds(30)).until(() -> client.resources(PodMonitor.class)
                .inNamespace(namespace).withName("shopify-hookwarden-worker").get(), Objects::nonNull);
        assertThat(podMonitor.getSpec().getSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", "worker");
        assertThat(podMonitor.getSpec().getPodMetricsEndpoints()).singleElement()
                .satisfies(endpoint -> assertThat(endpoint.getPort()).isEqualTo("management"));
        PrometheusRule rules = client.resources(PrometheusRule.class).inNamespace(namespace)
                .withName("shopify-hookwarden-alerts").get();
        assertThat(rules.getSpec().getGroups()).singleElement()
                .satisfies(group -> assertThat(group.getRules()).extracting(rule -> rule.getAlert()).contains(
                        "HookwardenDeadLetterQueueNotEmpty", "HookwardenDeliveryFailureRate", "HookwardenIngestUnavailable",
                        "HookwardenOutboxBacklogGrowing", "HookwardenDeadLetterMessageOld"));
        assertThat(rules.getMetadata().getOwnerReferences()).extracting(owner -> owner.getName()).containsExactly("shopify");
    }

    private String alertsReason(String namespace) {
        WebhookSource source = client.resources(WebhookSource.class).inNamespace(namespace).withName("shopify").get();
        return source.getStatus() == null ? null
                : source.getStatus().getConditions().stream().filter(condition -> ALERTS_READY.equals(condition.getType()))
                        .map(condition -> condition.getReason()).findFirst().orElse(null);
    }

    private static CustomResourceDefinition crd(String kind) {
        String plural = kind.toLowerCase() + "s";
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName(plural + ".monitoring.coreos.com").endMetadata()
                .withNewSpec()
                .withGroup("monitoring.coreos.com")
                .withScope("Namespaced")
                .withNewNames().withKind(kind).withPlural(plural).withSingular(kind.toLowerCase()).endNames()
                .addNewVersion().withName("v1").withServed(true).withStorage(true)
                .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema().endSchema()
                .endVersion()
                .endSpec()
                .build();
    }
}
