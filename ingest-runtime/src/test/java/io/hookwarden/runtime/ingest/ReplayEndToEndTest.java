package io.hookwarden.runtime.ingest;

import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hookwarden.runtime.testing.LocalInfrastructureResource;
import io.hookwarden.runtime.testing.SignedRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Single-use signatures for every scheme: the example sources, each taking its idempotency key from a header no
 * signature covers (X-Delivery), so that an attacker can send a captured request under a key of their choosing.
 * Sent again under its key it is a duplicate; under a fresh key it is refused as replayed.
 */
@QuarkusTest
@TestProfile(ReplayEndToEndTest.UnsignedKeys.class)
@QuarkusTestResource(value = LocalInfrastructureResource.class, restrictToAnnotatedClass = true)
class ReplayEndToEndTest {
    private static final String KEY_HEADER = "X-Delivery";

    /** examples/schemes with {@code idempotency.keyFrom: header:X-Delivery} on every source. */
    public static class UnsignedKeys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
            try (Stream<Path> files = Files.list(Path.of("../examples/schemes"))) {
                Path dir = Files.createTempDirectory("hookwarden-replay-sources");
                for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                    List<JsonNode> docs = yaml.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile()).readAll();
                    StringBuilder out = new StringBuilder();
                    for (JsonNode doc : docs) {
                        if (doc.path("kind").asText().equals("WebhookSource")) {
                            ((ObjectNode) doc.get("spec")).withObject("/idempotency").put("keyFrom", "header:" + KEY_HEADER);
                        }
                        out.append(yaml.writeValueAsString(doc));
                    }
                    Files.writeString(dir.resolve(file.getFileName()), out.toString());
                }
                return Map.of("hookwarden.sources", dir.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SchemesEndToEndTest.Scheme.class)
    void aCapturedRequestIsADuplicateUnderItsKeyAndReplayedUnderAFreshOne(SchemesEndToEndTest.Scheme scheme) {
        String body = "{\"id\":\"evt_" + UUID.randomUUID() + "\",\"event_id\":\"Ev" + UUID.randomUUID() + "\",\"type\":\"test\"}";
        SignedRequest captured = scheme.sign(SchemesEndToEndTest.secretOf(scheme.source), body);
        String key = UUID.randomUUID().toString();

        String eventId = send(scheme.source, captured, key).then().statusCode(202).extract().path("event_id");
        send(scheme.source, captured, key).then().statusCode(200).body("status", equalTo("duplicate"))
                .body("event_id", equalTo(eventId));
        send(scheme.source, captured, UUID.randomUUID().toString()).then().statusCode(409)
                .body("error", equalTo("replayed"));
    }

    private static Response send(String source, SignedRequest request, String key) {
        return RestAssured.given().headers(request.headers()).header(KEY_HEADER, key).contentType("application/json")
                .body(request.body()).post("/webhooks/" + source);
    }
}
