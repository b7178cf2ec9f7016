package io.hookwarden.runtime.verify;

import static io.hookwarden.runtime.verify.VerifierAssertions.assertRejected;
import static io.hookwarden.runtime.verify.VerifierAssertions.assertVerified;
import static io.hookwarden.runtime.verify.VerifierAssertions.secrets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import com.slack.api.app_backend.SlackSignature;
import com.standardwebhooks.Webhook;
import io.hookwarden.api.v1alpha1.IdempotencyKeySource;
import io.hookwarden.runtime.http.Rejection;
import io.hookwarden.runtime.testing.ProducerSigners;
import io.hookwarden.runtime.testing.SignedRequest;
import io.hookwarden.runtime.verify.SchemeFixture.Producer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each scheme's precise answers, and agreement with the producers' own SDK verifiers. */
class SchemeBehaviourTest {
    private static final long NOW = 1_767_225_600L;
    private static final String BODY = "{\"id\":\"evt_1\",\"event_id\":\"Ev1\"}";

    @ParameterizedTest
    @EnumSource(SchemeFixture.class)
    void eachSignedHeaderLeftOutIsAMissingHeader(SchemeFixture scheme) {
        SignedRequest signed = scheme.sign(Producer.A, BODY, NOW);
        for (String header : scheme.signedHeaders) {
            VerificationResult result = scheme.verify(signed.withHeader(header, null), scheme.keys(Producer.A), NOW);
            assertRejected(result, 400, "missing_header");
            assertThat(((VerificationResult.Rejected) result).rejection().message()).contains(header);
        }
    }

    @ParameterizedTest
    @EnumSource(value = SchemeFixture.class, names = {"SEED", "STRIPE", "SLACK", "HUBSPOT_V3", "STANDARD_WEBHOOKS"})
    void aTimestampOutsideTheWindowEitherWayIsRefusedEvenWhenCorrectlySigned(SchemeFixture scheme) {
        assertVerified(scheme.verify(scheme.sign(Producer.A, BODY, NOW - 300), scheme.keys(Producer.A), NOW), 0);
        assertRejected(scheme.verify(scheme.sign(Producer.A, BODY, NOW - 301), scheme.keys(Producer.A), NOW), 401,
                "timestamp_out_of_window");
        assertRejected(scheme.verify(scheme.sign(Producer.A, BODY, NOW + 301), scheme.keys(Producer.A), NOW), 401,
                "timestamp_out_of_window");
    }

    @ParameterizedTest
    @EnumSource(value = SchemeFixture.class, names = {"GITHUB", "SHOPIFY", "HUBSPOT_V1", "HUBSPOT_V2"})
    void schemesWithoutTimestampVerifyARequestOfAnyAge(SchemeFixture scheme) {
        SignedRequest old = scheme.sign(Producer.A, BODY, 0);
        assertVerified(scheme.verify(old, scheme.keys(Producer.A), NOW), 0);
    }

    @ParameterizedTest
    @EnumSource(value = SchemeFixture.class, names = {"STRIPE", "SLACK", "GITHUB", "HUBSPOT_V1", "HUBSPOT_V2"})
    void hexSignaturesOfNewSchemesMustBeLowercaseAsTheProducersSendThem(SchemeFixture scheme) {
        SignedRequest signed = scheme.sign(Producer.A, BODY, NOW);
        String header = scheme.signedHeaders.get(scheme.signedHeaders.size() - 1);
        String value = signed.header(header);
        String shouting = value.substring(0, value.length() - 64) + value.substring(value.length() - 64).toUpperCase();
        assertRejected(scheme.verify(signed.withHeader(header, shouting), scheme.keys(Producer.A), NOW), 400,
                "invalid_header");
    }

    @Test
    void stripeAcceptsAnyOfSeveralV1SignaturesAndIgnoresV0() {
        SignedRequest signed = ProducerSigners.stripe("whsec_new", NOW, BODY);
        String v1 = signed.header("Stripe-Signature").replaceFirst("^t=\\d+,", "");
        String header = "t=" + NOW + ",v1=" + "0".repeat(64) + "," + v1 + ",v0=" + "1".repeat(64);
        assertVerified(new StripeVerifier().verify(signed.withHeader("Stripe-Signature", header), secrets("whsec_new"), NOW,
                300), 0);
        assertRejected(new StripeVerifier().verify(signed.withHeader("Stripe-Signature", "v1=" + "0".repeat(64)),
                secrets("whsec_new"), NOW, 300), 400, "invalid_header");
        assertRejected(new StripeVerifier().verify(signed.withHeader("Stripe-Signature", "t=" + NOW + ",v0=ab"),
                secrets("whsec_new"), NOW, 300), 400, "invalid_header");
    }

    @Test
    void whatWeAcceptStripeJavaAcceptsToo() throws Exception {
        SignedRequest signed = ProducerSigners.stripe("whsec_sdk", NOW, BODY);
        assertVerified(new StripeVerifier().verify(signed, secrets("whsec_sdk"), NOW, 300), 0);
        assertThat(com.stripe.net.Webhook.Signature.verifyHeader(BODY, signed.header("Stripe-Signature"), "whsec_sdk", 0))
                .isTrue();
    }

    @Test
    void whatWeAcceptTheStandardWebhooksSdkAcceptsToo() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String secret = SchemeFixture.STANDARD_WEBHOOKS.secret(Producer.A);
        SignedRequest signed = ProducerSigners.standardWebhooks(secret, "msg_1", now, BODY);
        StandardWebhooksVerifier verifier = new StandardWebhooksVerifier();
        assertVerified(verifier.verify(signed, verifier.keys(secrets(secret)), now, 300), 0);
        assertThatNoException().isThrownBy(() -> new Webhook(secret).verify(BODY, Map.of(
                "webhook-id", List.of("msg_1"),
                "webhook-timestamp", List.of(Long.toString(now)),
                "webhook-signature", List.of(signed.header("webhook-signature")))));
    }

    @Test
    void whatWeAcceptSlacksVerifierAcceptsToo() {
        long now = System.currentTimeMillis() / 1000;
        SignedRequest signed = ProducerSigners.slack("slack-secret", now, BODY);
        assertVerified(new SlackVerifier().verify(signed, secrets("slack-secret"), now, 300), 0);
        assertThat(new SlackSignature.Verifier(new SlackSignature.Generator("slack-secret"))
                .isValid(Long.toString(now), BODY, signed.header("X-Slack-Signature"))).isTrue();
    }

    @Test
    void standardWebhooksSkipsOtherVersionsAndTriesEveryV1() {
        String secret = SchemeFixture.STANDARD_WEBHOOKS.secret(Producer.A);
        SignedRequest signed = ProducerSigners.standardWebhooks(secret, "msg_2", NOW, BODY);
        String several = "v1a,bm90LWFuLWVkMjU1MTktc2lnbmF0dXJl v1," + "A".repeat(43) + "= " + signed.header("webhook-signature");
        StandardWebhooksVerifier verifier = new StandardWebhooksVerifier();
        assertVerified(verifier.verify(signed.withHeader("webhook-signature", several), verifier.keys(secrets(secret)), NOW,
                300), 0);
        assertRejected(verifier.verify(signed.withHeader("webhook-signature", "v1a,bm90"), verifier.keys(secrets(secret)),
                NOW, 300), 400, "invalid_header");
    }

    @Test
    void standardWebhooksKeysAreTheBase64AfterWhsec() {
        StandardWebhooksVerifier verifier = new StandardWebhooksVerifier();
        assertThat(verifier.keys(secrets("whsec_AAECAwQ=")).get(0)).containsExactly(0, 1, 2, 3, 4);
        assertThat(verifier.keys(secrets("AAECAwQ=")).get(0)).containsExactly(0, 1, 2, 3, 4);
        assertThatIllegalArgumentException().isThrownBy(() -> verifier.keys(secrets("whsec_not base64!")))
                .withMessageNotContaining("not base64!");
    }

    @Test
    void hubspotV3SignsThePublicUrlWithOnlyTheListedEscapesDecoded() {
        String secret = "hubspot-secret";
        String signedUrl = "https://hooks.example.com/webhooks/hubspot?email=a@b.com&next=/x&q=a%20b%26c";
        SignedRequest signed = ProducerSigners.hubspotV3(secret, signedUrl, NOW * 1000, BODY);
        SignedRequest asReceived = new SignedRequest("POST", "/webhooks/hubspot?email=a%40b.com&next=%2fx&q=a%20b%26c",
                signed.headers(), signed.body());
        HubSpotV3Verifier verifier = new HubSpotV3Verifier("https://hooks.example.com");
        assertVerified(verifier.verify(asReceived, secrets(secret), NOW, 300), 0);
        assertThat(HubSpotV3Verifier.signedUri("/p?a=%3A%2F%3F%40%21%24%27%28%29%2A%2C%3B%20%26%3d%"))
                .isEqualTo("/p?a=:/?@!$'()*,;%20%26%3d%");
        // Another host than the configured public URL (e.g. a forged Host header) changes nothing: it is not used.
        assertRejected(new HubSpotV3Verifier("https://other.example.com").verify(asReceived, secrets(secret), NOW, 300), 401,
                "signature_mismatch");
    }

    @Test
    void hubspotV2SignsTheMethodAndTheExactUrl() {
        SignedRequest signed = ProducerSigners.hubspotLegacy("v2", "s", "https://hooks.example.com/webhooks/hs?a=%40", BODY);
        HubSpotV2Verifier verifier = new HubSpotV2Verifier("https://hooks.example.com/");
        assertVerified(verifier.verify(signed, secrets("s"), NOW, 0), 0);
        assertRejected(verifier.verify(signed.withMethod("PUT"), secrets("s"), NOW, 0), 401, "signature_mismatch");
    }

    @Test
    void hubspotLegacyRefusesAnotherSignatureVersion() {
        SignedRequest v2 = ProducerSigners.hubspotLegacy("v2", "s", "https://hooks.example.com" + ProducerSigners.PATH, BODY);
        assertRejected(new HubSpotV1Verifier().verify(v2, secrets("s"), NOW, 0), 400, "invalid_header");
    }

    @Test
    void githubNeedsTheSha256Prefix() {
        SignedRequest signed = ProducerSigners.github("s", "d", BODY);
        String sha1 = signed.header("X-Hub-Signature-256").replace("sha256=", "sha1=");
        assertRejected(new GitHubVerifier().verify(signed.withHeader("X-Hub-Signature-256", sha1), secrets("s"), NOW, 0),
                400, "invalid_header");
    }

    @Test
    void nonNumericTimestampsAreInvalidHeaders() {
        SignedRequest slack = ProducerSigners.slack("s", NOW, BODY).withHeader("X-Slack-Request-Timestamp", "soon");
        assertRejected(new SlackVerifier().verify(slack, secrets("s"), NOW, 300), 400, "invalid_header");
        SignedRequest stripe = ProducerSigners.stripe("s", NOW, BODY);
        String header = stripe.header("Stripe-Signature").replaceFirst("t=\\d+", "t=soon");
        assertRejected(new StripeVerifier().verify(stripe.withHeader("Stripe-Signature", header), secrets("s"), NOW, 300),
                400, "invalid_header");
    }

    @Test
    void defaultIdempotencyKeysAreTheProducersOwn() {
        assertThat(new StripeVerifier().defaultKeySource()).isEqualTo(new IdempotencyKeySource.JsonPointer("/id"));
        assertThat(new GitHubVerifier().defaultKeySource()).isEqualTo(new IdempotencyKeySource.Header("X-GitHub-Delivery"));
        assertThat(new ShopifyVerifier().defaultKeySource()).isEqualTo(new IdempotencyKeySource.Header("X-Shopify-Webhook-Id"));
        assertThat(new StandardWebhooksVerifier().defaultKeySource()).isEqualTo(new IdempotencyKeySource.Header("webhook-id"));
        assertThat(new SlackVerifier().defaultKeySource()).isEqualTo(new IdempotencyKeySource.FirstOf(
                List.of(new IdempotencyKeySource.JsonPointer("/event_id"), new IdempotencyKeySource.BodyHash())));
        assertThat(new HubSpotV1Verifier().defaultKeySource()).isEqualTo(new IdempotencyKeySource.BodyHash());
        assertThat(SchemeFixture.JWT.verifier.defaultKeySource()).isEqualTo(new IdempotencyKeySource.TokenId());
    }

    @Test
    void rejectionsNeverEchoTheSecretOrTheExpectedSignature() {
        for (SchemeFixture scheme : SchemeFixture.values()) {
            SignedRequest fromA = scheme.sign(Producer.A, BODY, NOW);
            Rejection rejection = ((VerificationResult.Rejected) scheme.verify(fromA, scheme.keys(Producer.B), NOW)).rejection();
            assertThat(rejection.message()).doesNotContain(scheme.secret(Producer.B)).doesNotContain(scheme.secret(Producer.A));
            // What B would have sent is what the verifier computed: none of it may leak.
            for (String value : scheme.sign(Producer.B, BODY, NOW).headers().values()) {
                assertThat(rejection.message()).doesNotContain(value);
            }
        }
    }
}
