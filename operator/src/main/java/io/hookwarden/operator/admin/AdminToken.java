package io.hookwarden.operator.admin;

import io.hookwarden.api.v1alpha1.SecretKeyRef;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.operator.ResourceNames;

/** Where the worker pods' admin API token lives: the Secret key the source names, or the one the operator creates. */
public final class AdminToken {
    /** Key of the token in the Secret the operator creates. */
    public static final String KEY = "token";

    private AdminToken() {
    }

    public static SecretKeyRef of(WebhookSource source) {
        SecretKeyRef referenced = source.getSpec().getWorker().getAdminTokenSecretRef();
        return referenced != null ? referenced : new SecretKeyRef(ResourceNames.admin(source), KEY);
    }

    public static boolean generated(WebhookSource source) {
        return source.getSpec().getWorker().getAdminTokenSecretRef() == null;
    }
}
