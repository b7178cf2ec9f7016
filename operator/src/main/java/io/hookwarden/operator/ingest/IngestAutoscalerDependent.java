package io.hookwarden.operator.ingest;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import io.hookwarden.api.v1alpha1.Autoscaling;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.operator.Labels;
import io.hookwarden.operator.ResourceNames;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** Scales the ingest Deployment on CPU; exists only while {@code spec.ingest.autoscaling} is set. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_INGEST))
public class IngestAutoscalerDependent extends OptionalIngestDependent<HorizontalPodAutoscaler> {
    public IngestAutoscalerDependent() {
        super(HorizontalPodAutoscaler.class);
    }

    @Override
    protected HorizontalPodAutoscaler desired(WebhookSource source, Context<WebhookSource> context) {
        Autoscaling autoscaling = source.getSpec().getIngest().getAutoscaling();
        return new HorizontalPodAutoscalerBuilder()
                .withMetadata(Labels.metadata(source, ResourceNames.ingest(source), Labels.Component.INGEST))
                .withNewSpec()
                .withNewScaleTargetRef()
                .withApiVersion("apps/v1")
                .withKind("Deployment")
                .withName(ResourceNames.ingest(source))
                .endScaleTargetRef()
                .withMinReplicas(autoscaling.effectiveMinReplicas())
                .withMaxReplicas(autoscaling.getMaxReplicas())
                .withMetrics(new MetricSpecBuilder()
                        .withType("Resource")
                        .withNewResource()
                        .withName("cpu")
                        .withNewTarget()
                        .withType("Utilization")
                        .withAverageUtilization(autoscaling.effectiveTargetCPUUtilizationPercentage())
                        .endTarget()
                        .endResource()
                        .build())
                .endSpec()
                .build();
    }
}
