package io.hookwarden.runtime.ingest;

import static org.hamcrest.Matchers.equalTo;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.runtime.config.ManifestSecretStore;
import io.hookwarden.runtime.config.Manifests;
import io.hookwarden.runtime.testing.LocalInfrastructureResource;
import io.hookwarden.runtime.testing.ProducerSigners;
import io.hookwarden.runtime.testing.SignedRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every scheme end to end over HTTP, with the sources and secrets of examples/schemes as local mode reads them: a
 * request signed as the producer signs it is stored (202), its retry is a duplicate on the scheme's default key
 * (200), and the same request with another body is refused with the precise code.
 */
@QuarkusTest
@TestProfile(SchemesEndToEndTest.ExampleSources.class)
@QuarkusTestResource(value = LocalInfrastructureResource.class, restrictToAnnotatedClass = true)
class SchemesEndToEndTest {
    private static final Path EXAMPLES = Path.of("../examples/schemes");
    private static final Manifests MANIFESTS = Manifests.load(EXAMPLES);

    public static class ExampleSources implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hookwarden.sources", EXAMPLES.toString());
        }
    }

    enum Scheme {
        STRIPE("stripe", "signature_mismatch") {
            @Override
            SignedRequest sign(String secret, String body) {
                return ProducerSigners.stripe(secret, nowSeconds(), body);
            }
        },
        SLACK("slack", "signature_mismatch") {
            @Override
            SignedRequest sign(String secret, String body) {
                return ProducerSigners.slack(secret, nowSeconds(), body);
            }
        },
        GITHUB("github", "signature_mismatch") {
            @Override
            SignedRequest sign(String secret, String body) {
                return ProducerSigners.github(secret, UUID.randomUUID().toString(), body);
            }
        },
        HUBSPOT_V3("hubspot", "signature_mismatch") {
            @Override
            SignedRequest sign(String secret, String body) {
                return ProducerSigners.hubspotV3(secret, "https://hooks.example.com/webhooks/hubspot",
                        System.currentTimeMillis(), body);
            }
        },
        HUBSPOT_V2("hubspot-v2", "signature_mismatch") {
            @Override
            SignedRequest sign(String secret, String body) {
                return ProducerSigners.hubspotLegacy("v2", secret, "https://hooks.example.com/webhooks/hubspot-v2", body);
            }
        },
        HUBSPOT_V1("hubspot-v1", "signature_mismatch") {
            @Override
            SignedRequest sign(String secret, String body) {
                return ProducerSigners.hubspotLegacy("v1", secret, "https://hooks.example.com/webhooks/hubspot-v1", body);
            }
        },
        SHOPIFY("shopify", "signature_mismatch") {
            @Override
            SignedRequest sign(String secret, String body) {
                return ProducerSigners.shopify(secret, UUID.randomUUID().toString(), body);
            }
        },
        STANDARD_WEBHOOKS("standard-webhooks", "signature_mismatch") {
            @Override
            SignedRequest sign(String secret, String body) {
                return ProducerSigners.standardWebhooks(secret, "msg_" + UUID.randomUUID(), nowSeconds(), body);
            }
        },
        JWT("jwt", "body_hash_mismatch") {
            @Override
            SignedRequest sign(String jwks, String body) {
                long now = nowSeconds();
                JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("https://producer.example.com")
                        .audience("https://hooks.example.com/webhooks/jwt").issueTime(new Date(now * 1000))
                        .expirationTime(new Date((now + 120) * 1000)).jwtID(UUID.randomUUID().toString())
                        .claim("body_sha256", ProducerSigners.bodyHash(body)).build();
                try {
                    RSAKey key = RSAKey.parse(Files.readString(Path.of("src/test/resources/schemes/jwt-producer-private-jwk.json")));
                    return ProducerSigners.jwt(new RSASSASigner(key),
                            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims, body);
                } catch (IOException | ParseException | JOSEException e) {
                    throw new IllegalStateException(e);
                }
            }
        };

        final String source;
        final String tamperedError;

        Scheme(String source, String tamperedError) {
            this.source = source;
            this.tamperedError = tamperedError;
        }

        abstract SignedRequest sign(String secret, String body);
    }

    @ParameterizedTest
    @EnumSource(Scheme.class)
    void aProducerSignedRequestIsStoredItsRetryIsADuplicateAndATamperedOneIsRefused(Scheme scheme) {
        String body = "{\"id\":\"evt_" + UUID.randomUUID() + "\",\"event_id\":\"Ev" + UUID.randomUUID() + "\",\"type\":\"test\"}";
        SignedRequest signed = scheme.sign(secretOf(scheme.source), body);

        String eventId = send(scheme.source, signed).then().statusCode(202).body("status", equalTo("queued"))
                .extract().path("event_id");
        send(scheme.source, signed).then().statusCode(200).body("status", equalTo("duplicate"))
                .body("event_id", equalTo(eventId));
        send(scheme.source, signed.withBody(body.replace("test", "tset").getBytes(StandardCharsets.UTF_8)))
                .then().statusCode(401).body("error", equalTo(scheme.tamperedError));
    }

    private static Response send(String source, SignedRequest request) {
        return RestAssured.given().headers(request.headers()).contentType("application/json").body(request.body())
                .post("/webhooks/" + source);
    }

    /** The first secret the example source names, as the runtime reads it from the example's Secret. */
    static String secretOf(String source) {
        WebhookSource resource = MANIFESTS.sources().stream().filter(s -> s.getMetadata().getName().equals(source))
                .findFirst().orElseThrow();
        byte[] secret = new ManifestSecretStore(MANIFESTS.secrets())
                .read("default", resource.getSpec().getVerification().allSecretRefs().get(0));
        return new String(secret, StandardCharsets.UTF_8);
    }

    private static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }
}
