package io.hookwarden.operator.monitoring;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hookwarden.operator.OperatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Whether the API server serves the Prometheus Operator's kinds, by API discovery (no permission on
 * CRDs needed). The answer is kept for a while: every reconciliation of every source asks.
 */
@ApplicationScoped
public class MonitoringApi {
    public static final String GROUP_VERSION = "monitoring.coreos.com/v1";
    static final List<String> KINDS = List.of("servicemonitors", "podmonitors", "prometheusrules");
    private static final Logger LOG = Logger.getLogger(MonitoringApi.class);

    private final KubernetesClient client;
    private final OperatorConfig config;
    private volatile Boolean installed;
    private volatile Instant checkedAt = Instant.MIN;

    public MonitoringApi(KubernetesClient client, OperatorConfig config) {
        this.client = client;
        this.config = config;
    }

    public boolean installed() {
        Instant now = Instant.now();
        if (installed == null || !now.isBefore(checkedAt.plus(config.monitoring().discoveryInterval()))) {
            boolean found = discover();
            if (installed == null || installed != found) {
                LOG.infof("%s %s served: ServiceMonitor, PodMonitor and PrometheusRule %s", GROUP_VERSION,
                        found ? "is" : "is not", found ? "are managed" : "are skipped");
            }
            installed = found;
            checkedAt = now;
        }
        return installed;
    }

    private boolean discover() {
        try {
            APIResourceList resources = client.getApiResources(GROUP_VERSION);
            return resources != null && resources.getResources().stream().map(APIResource::getName).toList().containsAll(KINDS);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}
