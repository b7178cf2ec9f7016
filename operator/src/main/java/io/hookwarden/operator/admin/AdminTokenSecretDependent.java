package io.hookwarden.operator.admin;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.operator.Labels;
import io.hookwarden.operator.ResourceNames;
import io.hookwarden.operator.runtime.OwnedKubernetesDependent;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * The admin token Secret, created once with 256 random bits and never rewritten by the operator
 * (a Creator only): rotate it by writing a new value, the pods re-read the mounted file per request.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_WORKER))
public class AdminTokenSecretDependent extends OwnedKubernetesDependent<Secret> implements Creator<Secret, WebhookSource> {
    private static final SecureRandom RANDOM = new SecureRandom();

    public AdminTokenSecretDependent() {
        super(Secret.class);
    }

    @Override
    protected Secret desired(WebhookSource source, Context<WebhookSource> context) {
        byte[] token = new byte[32];
        RANDOM.nextBytes(token);
        return new SecretBuilder()
                .withMetadata(Labels.metadata(source, ResourceNames.admin(source), Labels.Component.WORKER))
                .withType("Opaque")
                .withStringData(Map.of(AdminToken.KEY, HexFormat.of().formatHex(token)))
                .build();
    }
}
