package io.hookwarden.runtime.verify;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import io.hookwarden.api.v1alpha1.JwtAlgorithm;
import io.hookwarden.api.v1alpha1.JwtVerification;
import io.hookwarden.runtime.testing.ProducerSigners;
import io.hookwarden.runtime.testing.SignedRequest;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Every scheme with two producers, A and B, that hold different secrets and sign as the real producer does; and
 * the headers whose values the signature covers (the tampering targets).
 */
enum SchemeFixture {
    SEED(new HmacSha256V1Verifier(), "X-Timestamp", "X-Signature") {
        @Override
        SignedRequest sign(Producer producer, String body, long now) {
            return ProducerSigners.seed(secret(producer), now, "key-1", body);
        }
    },
    STRIPE(new StripeVerifier(), "Stripe-Signature") {
        @Override
        String secret(Producer producer) {
            return "whsec_stripe_" + producer;
        }

        @Override
        SignedRequest sign(Producer producer, String body, long now) {
            return ProducerSigners.stripe(secret(producer), now, body);
        }
    },
    SLACK(new SlackVerifier(), "X-Slack-Request-Timestamp", "X-Slack-Signature") {
        @Override
        SignedRequest sign(Producer producer, String body, long now) {
            return ProducerSigners.slack(secret(producer), now, body);
        }
    },
    GITHUB(new GitHubVerifier(), "X-Hub-Signature-256") {
        @Override
        SignedRequest sign(Producer producer, String body, long now) {
            return ProducerSigners.github(secret(producer), "delivery-1", body);
        }
    },
    HUBSPOT_V3(new HubSpotV3Verifier(SchemeFixture.PUBLIC_URL), "X-HubSpot-Request-Timestamp", "X-HubSpot-Signature-v3") {
        @Override
        SignedRequest sign(Producer producer, String body, long now) {
            return ProducerSigners.hubspotV3(secret(producer), PUBLIC_URL + ProducerSigners.PATH, now * 1000, body);
        }
    },
    HUBSPOT_V2(new HubSpotV2Verifier(SchemeFixture.PUBLIC_URL), "X-HubSpot-Signature") {
        @Override
        SignedRequest sign(Producer producer, String body, long now) {
            return ProducerSigners.hubspotLegacy("v2", secret(producer), PUBLIC_URL + ProducerSigners.PATH, body);
        }
    },
    HUBSPOT_V1(new HubSpotV1Verifier(), "X-HubSpot-Signature") {
        @Override
        SignedRequest sign(Producer producer, String body, long now) {
            return ProducerSigners.hubspotLegacy("v1", secret(producer), PUBLIC_URL + ProducerSigners.PATH, body);
        }
    },
    SHOPIFY(new ShopifyVerifier(), "X-Shopify-Hmac-Sha256") {
        @Override
        SignedRequest sign(Producer producer, String body, long now) {
            return ProducerSigners.shopify(secret(producer), "webhook-1", body);
        }
    },
    STANDARD_WEBHOOKS(new StandardWebhooksVerifier(), "webhook-id", "webhook-timestamp", "webhook-signature") {
        @Override
        String secret(Producer producer) {
            return producer == Producer.A ? "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" : "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
        }

        @Override
        SignedRequest sign(Producer producer, String body, long now) {
            return ProducerSigners.standardWebhooks(secret(producer), "msg_" + UUID.randomUUID(), now, body);
        }
    },
    JWT(jwtVerifier(), "Authorization") {
        @Override
        String secret(Producer producer) {
            return new JWKSet(Keys.of(producer).toPublicJWK()).toString();
        }

        @Override
        SignedRequest sign(Producer producer, String body, long now) {
            JWTClaimsSet claims = new JWTClaimsSet.Builder().issueTime(new Date(now * 1000))
                    .expirationTime(new Date((now + 300) * 1000)).jwtID(UUID.randomUUID().toString())
                    .claim(BODY_HASH_CLAIM, ProducerSigners.bodyHash(body)).build();
            try {
                return ProducerSigners.jwt(new RSASSASigner(Keys.of(producer)),
                        new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(Keys.KID).build(), claims, body);
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
    };

    static final String PUBLIC_URL = "https://hooks.example.com";
    static final String BODY_HASH_CLAIM = "body_sha256";

    enum Producer { A, B }

    final Verifier verifier;
    final List<String> signedHeaders;

    SchemeFixture(Verifier verifier, String... signedHeaders) {
        this.verifier = verifier;
        this.signedHeaders = List.of(signedHeaders);
    }

    String secret(Producer producer) {
        return name().toLowerCase() + "-secret-of-producer-" + producer;
    }

    abstract SignedRequest sign(Producer producer, String body, long now);

    /** The producer's secret as the runtime reads it from the Secret, turned into the verifier's keys. */
    List<byte[]> keys(Producer... producers) {
        return verifier.keys(java.util.Arrays.stream(producers)
                .map(p -> secret(p).getBytes(StandardCharsets.UTF_8)).toList());
    }

    VerificationResult verify(SignedRequest request, List<byte[]> keys, long now) {
        return verifier.verify(request, keys, now, this == JWT ? 60 : 300);
    }

    private static JwtVerifier jwtVerifier() {
        JwtVerification config = new JwtVerification();
        config.setAlgorithms(List.of(JwtAlgorithm.RS256));
        config.setBodyHashClaim(BODY_HASH_CLAIM);
        return new JwtVerifier(config);
    }

    /** One RSA key per producer, both under the same kid: only the key material tells them apart. */
    static final class Keys {
        static final String KID = "producer-key";
        private static final RSAKey A = generate();
        private static final RSAKey B = generate();

        static RSAKey of(Producer producer) {
            return producer == Producer.A ? A : B;
        }

        private static RSAKey generate() {
            try {
                return new RSAKeyGenerator(2048).keyID(KID).generate();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
