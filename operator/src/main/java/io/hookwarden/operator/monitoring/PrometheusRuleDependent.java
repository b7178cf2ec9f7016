package io.hookwarden.operator.monitoring;

import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRuleBuilder;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.operator.Labels;
import io.hookwarden.operator.ResourceNames;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The source's alerts, see {@link AlertRules}. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED))
public class PrometheusRuleDependent extends CRUDKubernetesDependentResource<PrometheusRule, WebhookSource> {
    public PrometheusRuleDependent() {
        super(PrometheusRule.class);
    }

    @Override
    protected PrometheusRule desired(WebhookSource source, Context<WebhookSource> context) {
        return new PrometheusRuleBuilder()
                .withMetadata(Labels.metadata(source, ResourceNames.alertRules(source), Labels.Component.ALERTS))
                .withSpec(AlertRules.of(source))
                .build();
    }
}
