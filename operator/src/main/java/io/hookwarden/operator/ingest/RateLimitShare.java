package io.hookwarden.operator.ingest;

import io.hookwarden.api.v1alpha1.Autoscaling;
import io.hookwarden.api.v1alpha1.IngestSpec;
import io.hookwarden.api.v1alpha1.RateLimit;
import io.hookwarden.api.v1alpha1.WebhookSource;

/**
 * {@code spec.rateLimit} is the source's total, but each ingest pod enforces a bucket of its own, so
 * the runtime's ConfigMap carries each pod's share: the total divided by the replicas the operator
 * sets or, under an autoscaler, by its maxReplicas. The sum then holds at every scale; below the
 * maximum the source gets less than its limit, the price of buckets that need no coordination on the
 * request path. Rounded down, at least 1 per pod: a limit below the pod count is exceeded.
 */
public final class RateLimitShare {
    private RateLimitShare() {
    }

    /** Null when the source sets no limit. */
    public static RateLimit perPod(WebhookSource source) {
        RateLimit total = source.getSpec().getRateLimit();
        if (total == null) {
            return null;
        }
        int pods = sharingPods(source.getSpec().getIngest());
        return new RateLimit(Math.max(1, total.getRequestsPerSecond() / pods), Math.max(1, total.effectiveBurst() / pods));
    }

    private static int sharingPods(IngestSpec ingest) {
        Autoscaling autoscaling = ingest.getAutoscaling();
        return Math.max(1, autoscaling != null ? autoscaling.getMaxReplicas() : ingest.effectiveReplicas());
    }
}
