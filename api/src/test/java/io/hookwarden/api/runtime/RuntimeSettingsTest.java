package io.hookwarden.api.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RuntimeSettingsTest {
    @Test
    void environmentVariablesFollowMicroProfileConfigsMapping() {
        assertThat(RuntimeSettings.env(RuntimeSettings.SOURCES)).isEqualTo("HOOKWARDEN_SOURCES");
        assertThat(RuntimeSettings.env(RuntimeSettings.SECRETS_PATH)).isEqualTo("HOOKWARDEN_SECRETS_PATH");
        assertThat(RuntimeSettings.env(RuntimeSettings.DATASOURCE_JDBC_URL)).isEqualTo("QUARKUS_DATASOURCE_JDBC_URL");
    }

    @Test
    void theManifestKeyIsAFileTheRuntimeReadsFromTheSourcesDirectory() {
        assertThat(RuntimeMounts.MANIFEST_KEY).matches("[^.].*\\.ya?ml");
    }

    @Test
    void eachSecretIsADirectoryUnderTheSecretsRoot() {
        assertThat(RuntimeMounts.secretDirectory("stripe-signing")).isEqualTo("/var/run/hookwarden/secrets/stripe-signing");
    }

    @Test
    void commandsAreLowerCase() {
        assertThat(RuntimeCommand.SERVE.wire()).isEqualTo("serve");
    }

    @Test
    void eachSourceHasAWebhookPathOfItsName() {
        assertThat(RuntimeEndpoints.webhookPath("stripe")).isEqualTo("/webhooks/stripe");
    }
}
