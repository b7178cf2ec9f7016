package io.hookwarden.runtime.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookwarden.api.v1alpha1.IdempotencyKeySource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdempotencyKeysTest {
    private static final IdempotencyKeySource SLACK_DEFAULT = new IdempotencyKeySource.FirstOf(
            List.of(new IdempotencyKeySource.JsonPointer("/event_id"), new IdempotencyKeySource.BodyHash()));

    @Test
    void firstOfTakesTheFirstKeyTheRequestHas() {
        assertThat(resolve(SLACK_DEFAULT, "application/json", "{\"event_id\":\"Ev123\"}", null).key()).isEqualTo("Ev123");
        assertThat(resolve(SLACK_DEFAULT, "application/x-www-form-urlencoded", "command=%2Fdeploy", null).key())
                .isEqualTo("body-hash");
        assertThat(resolve(SLACK_DEFAULT, "application/json", "{\"type\":\"url_verification\"}", null).key())
                .isEqualTo("body-hash");
    }

    @Test
    void tokenIdIsTheVerifiedJti() {
        assertThat(resolve(new IdempotencyKeySource.TokenId(), "application/json", "{}", "jti-9").key()).isEqualTo("jti-9");
        IdempotencyKeys.Resolved none = resolve(new IdempotencyKeySource.TokenId(), "application/json", "{}", null);
        assertThat(none.key()).isNull();
        assertThat(none.rejection().error()).isEqualTo("missing_idempotency_key");
        assertThat(none.rejection().status()).isEqualTo(400);
    }

    @Test
    void headerKeysAreBoundedAndRequired() {
        IdempotencyKeySource header = new IdempotencyKeySource.Header("X-GitHub-Delivery");
        assertThat(IdempotencyKeys.resolve(header, Map.of("X-GitHub-Delivery", "d-1")::get, facts("{}"), "h", null).key())
                .isEqualTo("d-1");
        assertThat(IdempotencyKeys.resolve(header, name -> null, facts("{}"), "h", null).rejection().error())
                .isEqualTo("missing_header");
        assertThat(IdempotencyKeys.resolve(header, name -> "k".repeat(257), facts("{}"), "h", null).rejection().error())
                .isEqualTo("invalid_header");
    }

    private static IdempotencyKeys.Resolved resolve(IdempotencyKeySource source, String contentType, String body,
            String tokenId) {
        return IdempotencyKeys.resolve(source, name -> null,
                EventFacts.of(contentType, body.getBytes(StandardCharsets.UTF_8)), "body-hash", tokenId);
    }

    private static EventFacts facts(String json) {
        return EventFacts.of("application/json", json.getBytes(StandardCharsets.UTF_8));
    }
}
