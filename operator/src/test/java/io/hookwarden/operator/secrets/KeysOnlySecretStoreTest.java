package io.hookwarden.operator.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class KeysOnlySecretStoreTest {
    private static final String VALUE = "whsec_do-not-keep-me";

    @Test
    void cachedSecretKeepsItsIdentityAndKeyNamesButNoValue() {
        String encoded = Base64.getEncoder().encodeToString(VALUE.getBytes(StandardCharsets.UTF_8));
        Secret applied = new SecretBuilder()
                .withNewMetadata().withName("signing").withNamespace("shop").withUid("u-1").withResourceVersion("42")
                .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", "{\"data\":{\"secret\":\"" + encoded + "\"}}")
                .addToLabels("team", "payments")
                .endMetadata()
                .withType("Opaque")
                .addToData("secret", encoded)
                .addToStringData("previous", VALUE)
                .build();
        KeysOnlySecretStore store = new KeysOnlySecretStore();

        store.put(store.getKey(applied), applied);

        Secret cached = store.get("shop/signing");
        assertThat(cached.getMetadata().getName()).isEqualTo("signing");
        assertThat(cached.getMetadata().getNamespace()).isEqualTo("shop");
        assertThat(cached.getMetadata().getResourceVersion()).isEqualTo("42");
        assertThat(cached.getData()).containsOnlyKeys("previous", "secret");
        assertThat(new KubernetesSerialization().asJson(cached)).doesNotContain(VALUE).doesNotContain(encoded);
    }
}
