package io.hookwarden.runtime.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookwarden.runtime.http.Rejection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HmacSha256V1VerifierTest {
    private static final HmacSha256V1Verifier VERIFIER = new HmacSha256V1Verifier();
    private static final byte[] SECRET = "hookwarden-test-secret".getBytes(StandardCharsets.UTF_8);

    /** The vectors the WordPress plugin's tests check too: both sides sign the same bytes the same way. */
    static Stream<JsonNode> sharedVectors() throws Exception {
        JsonNode file = new ObjectMapper().readTree(Path.of("../testdata/hmac-sha256-v1-vectors.json").toFile());
        return java.util.stream.StreamSupport.stream(file.get("vectors").spliterator(), false);
    }

    @ParameterizedTest
    @MethodSource("sharedVectors")
    void sharedVectorVerifies(JsonNode vector) {
        long ts = vector.get("timestamp").asLong();
        Request request = new Request(Map.of("X-Timestamp", vector.get("timestamp").asText(),
                "X-Signature", vector.get("signature").asText()), vector.get("body").asText());
        VerifierAssertions.assertVerified(VERIFIER.verify(request, List.of(vector.get("secret").asText().getBytes(StandardCharsets.UTF_8)), ts, 300), 0);
    }

    @Test
    void everyFlippedByteOfBodyTimestampOrSignatureIsRejected() {
        String body = "{\"type\":\"post.updated\",\"id\":\"42\"}";
        String ts = "1700000000";
        String signature = "b5139a0937af07f2d1213b95e63138664ca3b3fb0767f96a7d2fd11f81e4a4d0";
        for (int i = 0; i < body.length(); i++) {
            String tampered = body.substring(0, i) + (char) (body.charAt(i) ^ 1) + body.substring(i + 1);
            assertThat(verify(ts, signature, tampered, 1700000000L)).as("body byte %d", i).isInstanceOf(VerificationResult.Rejected.class);
        }
        for (int i = 0; i < signature.length(); i++) {
            char flipped = signature.charAt(i) == '0' ? '1' : '0';
            String tampered = signature.substring(0, i) + flipped + signature.substring(i + 1);
            assertThat(verify(ts, tampered, body, 1700000000L)).as("signature char %d", i)
                    .isEqualTo(new VerificationResult.Rejected(Rejection.signatureMismatch()));
        }
        assertThat(verify("1700000001", signature, body, 1700000000L))
                .isEqualTo(new VerificationResult.Rejected(Rejection.signatureMismatch()));
    }

    @Test
    void signatureOfAnotherSourcesSecretIsRejected() {
        String ts = "1700000000";
        String body = "{}";
        String signature = java.util.HexFormat.of().formatHex(Hmac.sha256("source-a".getBytes(StandardCharsets.UTF_8),
                (ts + "." + body).getBytes(StandardCharsets.UTF_8)));
        assertThat(VERIFIER.verify(new Request(Map.of("X-Timestamp", ts, "X-Signature", signature), body),
                List.of("source-b".getBytes(StandardCharsets.UTF_8)), 1700000000L, 300))
                .isInstanceOf(VerificationResult.Rejected.class);
    }

    @Test
    void timestampJustInsideTheWindowIsAcceptedAndJustOutsideIsNot() {
        String body = "{\"type\":\"post.updated\",\"id\":\"42\"}";
        String signature = "b5139a0937af07f2d1213b95e63138664ca3b3fb0767f96a7d2fd11f81e4a4d0";
        assertThat(verify("1700000000", signature, body, 1700000300L)).isInstanceOf(VerificationResult.Verified.class);
        assertThat(verify("1700000000", signature, body, 1699999700L)).isInstanceOf(VerificationResult.Verified.class);
        assertThat(verify("1700000000", signature, body, 1700000301L))
                .isEqualTo(new VerificationResult.Rejected(Rejection.timestampOutOfWindow(301, 300)));
    }

    @Test
    void seedHeaderFormCarriesItsOwnTimestamp() {
        String header = "scheme=v1,ts=1700000000,hash=b5139a0937af07f2d1213b95e63138664ca3b3fb0767f96a7d2fd11f81e4a4d0";
        VerifierAssertions.assertVerified(VERIFIER.verify(new Request(Map.of("X-Signature", header), "{\"type\":\"post.updated\",\"id\":\"42\"}"),
                List.of(SECRET), 1700000000L, 300), 0);
    }

    @Test
    void seedHeaderFormWhoseTimestampDisagreesWithXTimestampIsInvalid() {
        String header = "scheme=v1,ts=1700000000,hash=b5139a0937af07f2d1213b95e63138664ca3b3fb0767f96a7d2fd11f81e4a4d0";
        VerificationResult result = VERIFIER.verify(new Request(Map.of("X-Signature", header, "X-Timestamp", "1700000005"), "{}"),
                List.of(SECRET), 1700000000L, 300);
        assertThat(((VerificationResult.Rejected) result).rejection().error()).isEqualTo("invalid_header");
    }

    @Test
    void secondSecretMatchesWithItsIndex() {
        String body = "{\"type\":\"post.updated\",\"id\":\"42\"}";
        VerifierAssertions.assertVerified(VERIFIER.verify(new Request(Map.of("X-Timestamp", "1700000000",
                        "X-Signature", "b5139a0937af07f2d1213b95e63138664ca3b3fb0767f96a7d2fd11f81e4a4d0"), body),
                List.of("new-secret".getBytes(StandardCharsets.UTF_8), SECRET), 1700000000L, 300), 1);
    }

    @Test
    void signatureThatIsNotHexIsInvalid() {
        VerificationResult result = verify("1700000000", "zz".repeat(32), "{}", 1700000000L);
        assertThat(((VerificationResult.Rejected) result).rejection().error()).isEqualTo("invalid_header");
    }

    @Test
    void timestampTwoToTheSixtyThreeSecondsBeforeNowIsOutOfTheWindow() {
        // now - ts overflows to Long.MIN_VALUE, whose absolute value is negative and once passed every window.
        long now = 1700000000L;
        String ts = Long.toString(now + Long.MIN_VALUE);
        String signature = io.hookwarden.runtime.testing.Signer.sign("hookwarden-test-secret", ts, "{}".getBytes(StandardCharsets.UTF_8));
        VerifierAssertions.assertRejected(verify(ts, signature, "{}", now), 401, Rejection.TIMESTAMP_OUT_OF_WINDOW);
    }

    private static VerificationResult verify(String ts, String signature, String body, long now) {
        return VERIFIER.verify(new Request(Map.of("X-Timestamp", ts, "X-Signature", signature), body), List.of(SECRET), now, 300);
    }

    private record Request(Map<String, String> headers, String text) implements InboundRequest {
        Request {
            TreeMap<String, String> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            caseInsensitive.putAll(headers);
            headers = caseInsensitive;
        }

        @Override
        public String header(String name) {
            return headers.get(name);
        }

        @Override
        public String method() {
            return "POST";
        }

        @Override
        public String uri() {
            return "/webhooks/test";
        }

        @Override
        public byte[] body() {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }
}
