package io.hookwarden.operator.secrets;

import io.hookwarden.api.v1alpha1.WebhookSourceConditions.Reasons;

/** Whether every Secret key the runtime pods need exists, and if not, which one is missing. */
public record SecretResolution(boolean resolved, String reason, String message) {
    static SecretResolution found(int keys) {
        return new SecretResolution(true, Reasons.SECRETS_FOUND, "all " + keys + " referenced Secret keys exist");
    }

    static SecretResolution secretNotFound(String namespace, String secret, String usedBy) {
        return new SecretResolution(false, Reasons.SECRET_NOT_FOUND,
                "Secret " + namespace + "/" + secret + " (" + usedBy + ") not found");
    }

    static SecretResolution keyNotFound(String namespace, String secret, String key, String usedBy) {
        return new SecretResolution(false, Reasons.SECRET_KEY_NOT_FOUND,
                "Secret " + namespace + "/" + secret + " (" + usedBy + ") has no key '" + key + "'");
    }
}
