package io.hookwarden.operator.queue;

import io.hookwarden.api.v1alpha1.DeletionPolicy;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.operator.OperatorConfig;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Deleter;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.external.PerResourcePollingDependentResource;
import jakarta.inject.Inject;
import java.util.Set;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The SQS queue pair as an external dependent resource. Polled, so that attributes changed behind
 * the operator's back are set back; being a {@link Deleter} puts a finalizer on the WebhookSource,
 * and deletion then follows {@code spec.queue.deletionPolicy}.
 */
public class QueueDependent extends PerResourcePollingDependentResource<SqsQueues, WebhookSource, String>
        implements Creator<SqsQueues, WebhookSource>, Updater<SqsQueues, WebhookSource>, Deleter<WebhookSource> {
    private static final Logger LOG = Logger.getLogger(QueueDependent.class);

    private final SqsQueueProvisioner provisioner;

    @Inject
    public QueueDependent(SqsQueueProvisioner provisioner, OperatorConfig config) {
        super(SqsQueues.class, config.sqs().pollInterval());
        this.provisioner = provisioner;
    }

    @Override
    protected SqsQueues desired(WebhookSource source, Context<WebhookSource> context) {
        return DesiredQueues.of(source);
    }

    /**
     * Also runs on the poller's thread, where an exception would end the polling: an unreachable SQS
     * reads as missing queues, and creating them then fails with the cause into the status.
     */
    @Override
    public Set<SqsQueues> fetchResources(WebhookSource source) {
        try {
            return provisioner.read(DesiredQueues.of(source)).map(Set::of).orElse(Set.of());
        } catch (SdkException e) {
            LOG.warnf("cannot read the SQS queues of WebhookSource %s/%s: %s", source.getMetadata().getNamespace(),
                    source.getMetadata().getName(), e.getMessage());
            return Set.of();
        }
    }

    @Override
    public Matcher.Result<SqsQueues> match(SqsQueues actual, WebhookSource source, Context<WebhookSource> context) {
        SqsQueues desired = getOrComputeDesired(context);
        return Matcher.Result.computed(desired.sameSettingsAs(actual), desired);
    }

    @Override
    public SqsQueues create(SqsQueues desired, WebhookSource source, Context<WebhookSource> context) {
        return provisioner.apply(desired);
    }

    @Override
    public SqsQueues update(SqsQueues actual, SqsQueues desired, WebhookSource source, Context<WebhookSource> context) {
        LOG.infof("correcting the SQS queues of WebhookSource %s/%s: %s, wanted %s", source.getMetadata().getNamespace(),
                source.getMetadata().getName(), actual, desired);
        return provisioner.apply(desired);
    }

    @Override
    protected void handleDelete(WebhookSource source, SqsQueues actual, Context<WebhookSource> context) {
        if (source.getSpec().getQueue().effectiveDeletionPolicy() == DeletionPolicy.Delete) {
            provisioner.delete(DesiredQueues.of(source));
        }
    }
}
