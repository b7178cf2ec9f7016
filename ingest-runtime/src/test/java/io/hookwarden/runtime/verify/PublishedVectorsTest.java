package io.hookwarden.runtime.verify;

import static io.hookwarden.runtime.verify.VerifierAssertions.assertRejected;
import static io.hookwarden.runtime.verify.VerifierAssertions.assertVerified;
import static io.hookwarden.runtime.verify.VerifierAssertions.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookwarden.runtime.testing.SignedRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The producers' own published examples, byte for byte: they prove each signed string is assembled as the producer
 * assembles it, which a round trip through our own signer could not.
 */
class PublishedVectorsTest {
    private static final String HUBSPOT_SECRET = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";

    @Test
    void standardWebhooksSpecVector() {
        // standard-webhooks' shared test vector (also Svix's).
        SignedRequest request = SignedRequest.post("/", "{\"test\": 2432232314}")
                .withHeader("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek")
                .withHeader("webhook-timestamp", "1614265330")
                .withHeader("webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        StandardWebhooksVerifier verifier = new StandardWebhooksVerifier();
        assertVerified(verifier.verify(request, verifier.keys(secrets("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")),
                1614265330, 300), 0);
    }

    @Test
    void slackDocsExample() {
        // api.slack.com "Verifying requests from Slack": a slash command.
        String body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
                + "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
                + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
                + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
        SignedRequest request = SignedRequest.post("/", body)
                .withHeader("X-Slack-Request-Timestamp", "1531420618")
                .withHeader("X-Slack-Signature", "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503");
        assertVerified(new SlackVerifier().verify(request, secrets("8f742231b10e8888abcd99yyyzzz85a5"), 1531420618, 300), 0);
    }

    @Test
    void githubDocsExample() {
        // docs.github.com "Validating webhook deliveries", test values.
        SignedRequest request = SignedRequest.post("/", "Hello, World!").withHeader("X-Hub-Signature-256",
                "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
        assertVerified(new GitHubVerifier().verify(request, secrets("It's a Secret to Everybody"), 0, 0), 0);
    }

    @Test
    void hubspotV1DocsExample() {
        String body = "[{\"eventId\":1,\"subscriptionId\":12345,\"portalId\":62515,\"occurredAt\":1564113600000,"
                + "\"subscriptionType\":\"contact.creation\",\"attemptNumber\":0,\"objectId\":123,\"changeSource\":\"CRM\","
                + "\"changeFlag\":\"NEW\",\"appId\":54321}]";
        SignedRequest request = SignedRequest.post("/", body).withHeader("X-HubSpot-Signature-Version", "v1")
                .withHeader("X-HubSpot-Signature", "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de");
        assertVerified(new HubSpotV1Verifier().verify(request, secrets(HUBSPOT_SECRET), 0, 0), 0);
    }

    @Test
    void hubspotV2DocsExamples() {
        HubSpotV2Verifier verifier = new HubSpotV2Verifier("https://www.example.com");
        SignedRequest post = SignedRequest.post("/webhook_uri", "{\"example_field\":\"example_value\"}")
                .withHeader("X-HubSpot-Signature-Version", "v2")
                .withHeader("X-HubSpot-Signature", "9569219f8ba981ffa6f6f16aa0f48637d35d728c7e4d93d0d52efaa512af7900");
        assertVerified(verifier.verify(post, secrets(HUBSPOT_SECRET), 0, 0), 0);
        SignedRequest get = new SignedRequest("GET", "/webhook_uri", Map.of(
                "X-HubSpot-Signature-Version", "v2",
                "X-HubSpot-Signature", "eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e"), new byte[0]);
        assertVerified(verifier.verify(get, secrets(HUBSPOT_SECRET), 0, 0), 0);
    }

    @Test
    void hubspotV3SdkVector() {
        // hubspot-api-python tests/spec/utils/test_signature.py, test_get_signature__v3.
        SignedRequest request = SignedRequest.post("/webhook_uri", "{'example_field':'example_value'}")
                .withHeader("X-HubSpot-Request-Timestamp", "1693657560000")
                .withHeader("X-HubSpot-Signature-v3", "K36dawei4A+QBNolUOqo7s91KQDWQ5MXZ/QufNYuk/Y=");
        HubSpotV3Verifier verifier = new HubSpotV3Verifier("https://www.example.com/");
        assertVerified(verifier.verify(request, secrets(HUBSPOT_SECRET), 1693657560, 300), 0);
        assertRejected(verifier.verify(request, secrets(HUBSPOT_SECRET), 1693657560 + 301, 300), 401,
                "timestamp_out_of_window");
    }

    @Test
    void seedVectorsStillVerify() throws IOException {
        JsonNode vectors = new ObjectMapper().readTree(Path.of("../testdata/hmac-sha256-v1-vectors.json").toFile()).path("vectors");
        assertThat(vectors).isNotEmpty();
        for (JsonNode vector : vectors) {
            long ts = vector.path("timestamp").asLong();
            SignedRequest request = SignedRequest.post("/", vector.path("body").asText())
                    .withHeader("X-Timestamp", Long.toString(ts))
                    .withHeader("X-Signature", vector.path("signature").asText());
            assertVerified(new HmacSha256V1Verifier().verify(request, secrets(vector.path("secret").asText()), ts, 300), 0);
        }
    }
}
