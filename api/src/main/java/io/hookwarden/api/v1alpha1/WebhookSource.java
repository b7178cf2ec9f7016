package io.hookwarden.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One webhook producer: how its requests are verified, deduplicated, queued and delivered. */
@Group(WebhookSource.GROUP)
@Version(WebhookSource.VERSION)
@ShortNames("whsrc")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = Type.STRING)
@AdditionalPrinterColumn(name = "Scheme", jsonPath = ".spec.verification.scheme", type = Type.STRING)
@AdditionalPrinterColumn(name = "Endpoint", jsonPath = ".status.endpoint", type = Type.STRING)
@AdditionalPrinterColumn(name = "Queue", jsonPath = ".status.queueUrl", type = Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
// Generated resources are named <name>-hookwarden-<role>; Service names and label values stop at 63.
@ValidationRule(value = "size(self.metadata.name) <= " + WebhookSource.MAX_NAME_LENGTH,
        message = "a WebhookSource name has at most " + WebhookSource.MAX_NAME_LENGTH + " characters")
@ValidationRule(value = "self.metadata.name.matches('^[a-z]([-a-z0-9]*[a-z0-9])?$')",
        message = "a WebhookSource name is a DNS-1035 label (lower case letters, digits, '-'), as its Service's name is made of it")
@ValidationRule(value = "self.metadata.name != 'ingest'", message = "the name 'ingest' is reserved for POST /webhooks/ingest")
public class WebhookSource extends CustomResource<WebhookSourceSpec, WebhookSourceStatus> implements Namespaced {
    public static final String GROUP = "hookwarden.io";
    public static final String VERSION = "v1alpha1";
    public static final String KIND = "WebhookSource";
    public static final String API_VERSION = GROUP + "/" + VERSION;
    public static final int MAX_NAME_LENGTH = 45;
}
