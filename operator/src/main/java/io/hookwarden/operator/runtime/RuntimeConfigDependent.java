package io.hookwarden.operator.runtime;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.operator.Labels;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED))
public class RuntimeConfigDependent extends HeldKubernetesDependent<ConfigMap> {
    public RuntimeConfigDependent() {
        super(ConfigMap.class);
    }

    @Override
    protected ConfigMap desired(WebhookSource source, Context<WebhookSource> context) {
        return RuntimeConfig.configMap(source, context.getClient().getKubernetesSerialization());
    }
}
