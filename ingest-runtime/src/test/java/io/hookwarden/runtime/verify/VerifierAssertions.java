package io.hookwarden.runtime.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookwarden.runtime.http.Rejection;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Shorthands for the verifier tests. */
final class VerifierAssertions {
    private VerifierAssertions() {
    }

    static List<byte[]> secrets(String... values) {
        return java.util.Arrays.stream(values).map(v -> v.getBytes(StandardCharsets.UTF_8)).toList();
    }

    static void assertVerified(VerificationResult result, int secretIndex) {
        assertVerified(result, secretIndex, null);
    }

    static void assertVerified(VerificationResult result, int secretIndex, String tokenId) {
        assertThat(result).isInstanceOfSatisfying(VerificationResult.Verified.class, verified -> {
            assertThat(verified.secretIndex()).isEqualTo(secretIndex);
            assertThat(verified.tokenId()).isEqualTo(tokenId);
            assertThat(verified.signedDigest()).hasSize(Hmac.SHA256_BYTES);
        });
    }

    static void assertRejected(VerificationResult result, int status, String error) {
        assertThat(result).isInstanceOf(VerificationResult.Rejected.class);
        Rejection rejection = ((VerificationResult.Rejected) result).rejection();
        assertThat(rejection.status()).as(rejection.message()).isEqualTo(status);
        assertThat(rejection.error()).as(rejection.message()).isEqualTo(error);
    }
}
