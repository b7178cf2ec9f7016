package io.hookwarden.api.v1alpha1;

import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One webhook producer: how its requests are verified, deduplicated, queued and delivered. */
@Group(WebhookSource.GROUP)
@Version(WebhookSource.VERSION)
@ShortNames("whsrc")
public class WebhookSource extends CustomResource<WebhookSourceSpec, WebhookSourceStatus> implements Namespaced {
    public static final String GROUP = "hookwarden.io";
    public static final String VERSION = "v1alpha1";
    public static final String KIND = "WebhookSource";
    public static final String API_VERSION = GROUP + "/" + VERSION;

    @Override
    protected WebhookSourceStatus initStatus() {
        return new WebhookSourceStatus();
    }
}
