package io.hookwarden.runtime.store;

import static io.hookwarden.runtime.testing.Signer.post;
import static io.hookwarden.runtime.testing.Signer.signed;
import static org.hamcrest.Matchers.equalTo;

import io.hookwarden.runtime.testing.LocalInfrastructureResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = LocalInfrastructureResource.class, restrictToAnnotatedClass = true)
class StoreOutageTest {
    @Test
    void postgresDownAnswers503WithRetryAfterAndWritesNothing() {
        String body = "{\"id\":\"outage\"}";
        String key = UUID.randomUUID().toString();
        post("shop", signed("{\"warm\":1}")).then().statusCode(202);
        LocalInfrastructureResource.infrastructure().stopPostgres();
        try {
            post("shop", signed(body, key)).then().statusCode(503)
                    .header("Retry-After", "5")
                    .body("error", equalTo("store_unavailable"));
        } finally {
            LocalInfrastructureResource.infrastructure().startPostgres();
        }
        // Had anything of the first attempt been written, this retry would be a duplicate (200), not 202.
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> post("shop", signed(body, key)).statusCode() != 503);
        post("shop", signed(body, key)).then().statusCode(200).body("status", equalTo("duplicate"));
    }
}
