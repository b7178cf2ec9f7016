package io.hookwarden.operator.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.operator.secrets.SecretReferences.Reference;
import io.hookwarden.operator.testing.Fixtures;
import io.hookwarden.operator.testing.TestOperatorConfig;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import org.junit.jupiter.api.Test;

class SecretReferencesTest {
    private final SecretReferences references = new SecretReferences(TestOperatorConfig.onAws());

    @Test
    void ingestTlsCertificateKeyAndClientCaAreRequiredLikeTheVerificationSecret() {
        WebhookSource source = Fixtures.withMtls(Fixtures.source("shop", "stripe"));

        assertThat(references.of(source)).extracting(Reference::secret, Reference::key).startsWith(
                tuple(Fixtures.SIGNING_SECRET, Fixtures.SIGNING_KEY),
                tuple("hooks-tls", "tls.crt"),
                tuple("hooks-tls", "tls.key"),
                tuple("producers-ca", "ca.crt"));
        assertThat(references.secretsOf(source)).extracting(ResourceID::getName)
                .contains("hooks-tls", "producers-ca");
    }
}
