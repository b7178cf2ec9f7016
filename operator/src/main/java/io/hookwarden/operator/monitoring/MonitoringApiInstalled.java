package io.hookwarden.operator.monitoring;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.quarkus.arc.Unremovable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Activation condition of the monitoring dependents: without the API their informers could not even
 * start. Evaluated on every reconciliation, so installing the Prometheus Operator later is noticed.
 */
@Singleton
@Unremovable
public class MonitoringApiInstalled implements Condition<HasMetadata, WebhookSource> {
    @Inject
    MonitoringApi monitoringApi;

    @Override
    public boolean isMet(DependentResource<HasMetadata, WebhookSource> dependent, WebhookSource primary,
            Context<WebhookSource> context) {
        return monitoringApi.installed();
    }
}
