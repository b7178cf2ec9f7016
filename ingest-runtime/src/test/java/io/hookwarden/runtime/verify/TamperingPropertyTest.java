package io.hookwarden.runtime.verify;

import static io.hookwarden.runtime.verify.VerifierAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookwarden.runtime.testing.SignedRequest;
import io.hookwarden.runtime.verify.SchemeFixture.Producer;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Properties every scheme must have: any change to a signed byte (body, timestamp, id, signature) is refused, and a
 * signature made for one source never verifies for another. Seeded randomness, so a failure reproduces.
 */
class TamperingPropertyTest {
    private static final long NOW = 1_767_225_600L;
    /** Every single-bit flip but 0x20, which turns a hex letter's case and which the seed's contract accepts. */
    private static final int[] BIT_FLIPS = {0x01, 0x02, 0x04, 0x08, 0x10, 0x40, 0x80};
    private static final int ROUNDS = 20;

    @ParameterizedTest
    @EnumSource(SchemeFixture.class)
    void theUntamperedRequestVerifies(SchemeFixture scheme) {
        Random random = new Random(scheme.ordinal());
        for (int round = 0; round < ROUNDS; round++) {
            String body = randomJson(random);
            assertThat(scheme.verify(scheme.sign(Producer.A, body, NOW), scheme.keys(Producer.A), NOW))
                    .isInstanceOf(VerificationResult.Verified.class);
        }
    }

    @ParameterizedTest
    @EnumSource(SchemeFixture.class)
    void flippingAnyBodyByteIsRefused(SchemeFixture scheme) {
        Random random = new Random(100 + scheme.ordinal());
        SignedRequest signed = scheme.sign(Producer.A, randomJson(random), NOW);
        for (int i = 0; i < signed.body().length; i++) {
            byte[] body = signed.body().clone();
            body[i] ^= (byte) (1 + random.nextInt(255));
            assertThat(scheme.verify(signed.withBody(body), scheme.keys(Producer.A), NOW))
                    .as("body byte %d flipped", i).isInstanceOf(VerificationResult.Rejected.class);
        }
    }

    @ParameterizedTest
    @EnumSource(SchemeFixture.class)
    void flippingAnyBitOfASignedHeaderIsRefused(SchemeFixture scheme) {
        SignedRequest signed = scheme.sign(Producer.A, randomJson(new Random(200 + scheme.ordinal())), NOW);
        for (String header : scheme.signedHeaders) {
            String value = signed.header(header);
            for (int i = 0; i < value.length(); i++) {
                for (int flip : BIT_FLIPS) {
                    char[] chars = value.toCharArray();
                    chars[i] ^= (char) flip;
                    SignedRequest tampered = signed.withHeader(header, new String(chars));
                    assertThat(scheme.verify(tampered, scheme.keys(Producer.A), NOW))
                            .as("%s char %d ^ 0x%02x", header, i, flip).isInstanceOf(VerificationResult.Rejected.class);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SchemeFixture.class)
    void aSignatureForOneSourceNeverVerifiesForAnother(SchemeFixture scheme) {
        Random random = new Random(300 + scheme.ordinal());
        for (int round = 0; round < ROUNDS; round++) {
            SignedRequest fromA = scheme.sign(Producer.A, randomJson(random), NOW);
            assertRejected(scheme.verify(fromA, scheme.keys(Producer.B), NOW), 401, "signature_mismatch");
        }
    }

    @ParameterizedTest
    @EnumSource(SchemeFixture.class)
    void duringRotationEitherSecretVerifiesAndTheMatchIsReported(SchemeFixture scheme) {
        SignedRequest fromA = scheme.sign(Producer.A, "{\"rotation\":true}", NOW);
        assertThat(scheme.verify(fromA, scheme.keys(Producer.B, Producer.A), NOW))
                .isInstanceOf(VerificationResult.Verified.class)
                .extracting(r -> ((VerificationResult.Verified) r).secretIndex()).isEqualTo(1);
    }

    /** A JSON body with printable ASCII of random length and content (quotes and backslashes left out). */
    private static String randomJson(Random random) {
        StringBuilder note = new StringBuilder();
        int length = random.nextInt(64);
        for (int i = 0; i < length; i++) {
            char c = (char) (' ' + random.nextInt(95));
            note.append(c == '"' || c == '\\' ? '_' : c);
        }
        return "{\"id\":\"evt_" + random.nextInt(1_000_000) + "\",\"note\":\"" + note + "\"}";
    }
}
