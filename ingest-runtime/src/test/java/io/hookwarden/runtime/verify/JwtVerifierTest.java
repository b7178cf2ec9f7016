package io.hookwarden.runtime.verify;

import static io.hookwarden.runtime.verify.VerifierAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import io.hookwarden.api.v1alpha1.JwtAlgorithm;
import io.hookwarden.api.v1alpha1.JwtVerification;
import io.hookwarden.runtime.testing.ProducerSigners;
import io.hookwarden.runtime.testing.SignedRequest;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JwtVerifierTest {
    private static final long NOW = 1_767_225_600L;
    private static final String BODY = "{\"event\":\"order.paid\"}";
    private static RSAKey rsaCurrent;
    private static RSAKey rsaPrevious;
    private static ECKey ec;
    private static OctetSequenceKey hmac;

    @BeforeAll
    static void keys() throws JOSEException {
        rsaCurrent = new RSAKeyGenerator(2048).keyID("rsa-2026").generate();
        rsaPrevious = new RSAKeyGenerator(2048).keyID("rsa-2025").generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        hmac = new OctetSequenceKeyGenerator(256).keyID("hs-1").generate();
    }

    @Test
    void eachPinnedAlgorithmVerifiesWithTheKeyItsKidNames() throws JOSEException {
        JwtVerifier verifier = verifier(config(JwtAlgorithm.RS256, JwtAlgorithm.ES256, JwtAlgorithm.HS256));
        List<byte[]> keys = jwks(verifier, rsaCurrent.toPublicJWK(), rsaPrevious.toPublicJWK(), ec.toPublicJWK(), hmac);
        VerifierAssertions.assertVerified(verify(verifier, keys, sign(new RSASSASigner(rsaPrevious), JWSAlgorithm.RS256, "rsa-2025", c -> c)), 1, "jti-1");
        VerifierAssertions.assertVerified(verify(verifier, keys, sign(new ECDSASigner(ec), JWSAlgorithm.ES256, "ec-1", c -> c)), 2, "jti-1");
        VerifierAssertions.assertVerified(verify(verifier, keys, sign(new MACSigner(hmac), JWSAlgorithm.HS256, "hs-1", c -> c)), 3, "jti-1");
    }

    @Test
    void anUnknownKidIsRefusedAsSuch() throws JOSEException {
        JwtVerifier verifier = verifier(config(JwtAlgorithm.RS256));
        List<byte[]> keys = jwks(verifier, rsaCurrent.toPublicJWK());
        assertRejected(verify(verifier, keys, sign(new RSASSASigner(rsaCurrent), JWSAlgorithm.RS256, "rsa-1999", c -> c)),
                401, "unknown_key_id");
    }

    @Test
    void theRightKidWithAnotherKeysSignatureIsAMismatch() throws JOSEException {
        JwtVerifier verifier = verifier(config(JwtAlgorithm.RS256));
        List<byte[]> keys = jwks(verifier, rsaCurrent.toPublicJWK());
        assertRejected(verify(verifier, keys, sign(new RSASSASigner(rsaPrevious), JWSAlgorithm.RS256, "rsa-2026", c -> c)),
                401, "signature_mismatch");
    }

    @Test
    void algNoneIsNeverAllowed() {
        JwtVerifier verifier = verifier(config(JwtAlgorithm.RS256));
        String unsigned = new PlainJWT(claims(c -> c)).serialize();
        SignedRequest request = SignedRequest.post("/", BODY).withHeader("Authorization", "Bearer " + unsigned);
        assertRejected(verify(verifier, jwks(verifier, rsaCurrent.toPublicJWK()), request), 401, "algorithm_not_allowed");
    }

    @Test
    void anAlgorithmOutsideThePinnedListIsRefused() throws JOSEException {
        JwtVerifier verifier = verifier(config(JwtAlgorithm.RS256));
        List<byte[]> keys = jwks(verifier, rsaCurrent.toPublicJWK(), hmac);
        assertRejected(verify(verifier, keys, sign(new MACSigner(hmac), JWSAlgorithm.HS256, "hs-1", c -> c)), 401,
                "algorithm_not_allowed");
    }

    @Test
    void anHs256TokenMacedWithTheRsaPublicKeyIsRefused() throws JOSEException {
        // The classic confusion: the attacker knows the public key and uses its bytes as an HMAC secret.
        byte[] publicKeyBytes = rsaCurrent.toRSAPublicKey().getEncoded();
        JWSSigner forger = new MACSigner(publicKeyBytes);
        SignedRequest forged = sign(forger, JWSAlgorithm.HS256, "rsa-2026", c -> c);
        JwtVerifier rsaOnly = verifier(config(JwtAlgorithm.RS256));
        assertRejected(verify(rsaOnly, jwks(rsaOnly, rsaCurrent.toPublicJWK()), forged), 401, "algorithm_not_allowed");
        // Even with HS256 pinned too, an RSA key is never used as an HMAC secret.
        JwtVerifier both = verifier(config(JwtAlgorithm.RS256, JwtAlgorithm.HS256));
        assertRejected(verify(both, jwks(both, rsaCurrent.toPublicJWK(), hmac), forged), 401, "unknown_key_id");
    }

    @Test
    void expiredAndTooOldTokensAreRefused() throws JOSEException {
        JwtVerifier verifier = verifier(config(JwtAlgorithm.RS256));
        List<byte[]> keys = jwks(verifier, rsaCurrent.toPublicJWK());
        RSASSASigner signer = new RSASSASigner(rsaCurrent);
        assertRejected(verify(verifier, keys, sign(signer, JWSAlgorithm.RS256, "rsa-2026",
                c -> c.expirationTime(at(NOW - 61)))), 401, "token_expired");
        assertThat(verify(verifier, keys, sign(signer, JWSAlgorithm.RS256, "rsa-2026", c -> c.expirationTime(at(NOW - 60)))))
                .isInstanceOf(VerificationResult.Verified.class);
        assertRejected(verify(verifier, keys, sign(signer, JWSAlgorithm.RS256, "rsa-2026",
                c -> c.issueTime(at(NOW - 361)).expirationTime(at(NOW + 3600)))), 401, "token_expired");
        assertRejected(verify(verifier, keys, sign(signer, JWSAlgorithm.RS256, "rsa-2026",
                c -> c.issueTime(at(NOW + 61)))), 401, "token_not_yet_valid");
        assertRejected(verify(verifier, keys, sign(signer, JWSAlgorithm.RS256, "rsa-2026",
                c -> c.notBeforeTime(at(NOW + 61)))), 401, "token_not_yet_valid");
        assertRejected(verify(verifier, keys, sign(signer, JWSAlgorithm.RS256, "rsa-2026",
                c -> c.expirationTime(null))), 401, "missing_claim");
        assertRejected(verify(verifier, keys, sign(signer, JWSAlgorithm.RS256, "rsa-2026",
                c -> c.issueTime(null))), 401, "missing_claim");
    }

    @Test
    void audienceAndIssuerAreCheckedWhenSet() throws JOSEException {
        JwtVerification config = config(JwtAlgorithm.RS256);
        config.setAudience("https://hooks.example.com");
        config.setIssuer("https://producer.example.com");
        JwtVerifier verifier = verifier(config);
        List<byte[]> keys = jwks(verifier, rsaCurrent.toPublicJWK());
        RSASSASigner signer = new RSASSASigner(rsaCurrent);
        UnaryOperator<JWTClaimsSet.Builder> right = c -> c.audience(List.of("other", "https://hooks.example.com"))
                .issuer("https://producer.example.com");
        assertThat(verify(verifier, keys, sign(signer, JWSAlgorithm.RS256, "rsa-2026", right)))
                .isInstanceOf(VerificationResult.Verified.class);
        assertRejected(verify(verifier, keys, sign(signer, JWSAlgorithm.RS256, "rsa-2026",
                c -> right.apply(c).audience("other"))), 401, "audience_mismatch");
        assertRejected(verify(verifier, keys, sign(signer, JWSAlgorithm.RS256, "rsa-2026",
                c -> right.apply(c).issuer("https://evil.example.com"))), 401, "issuer_mismatch");
    }

    @Test
    void theBodyHashClaimBindsTheTokenToTheBodyInEitherEncoding() throws Exception {
        JwtVerification config = config(JwtAlgorithm.RS256);
        config.setBodyHashClaim("body_sha256");
        JwtVerifier verifier = verifier(config);
        List<byte[]> keys = jwks(verifier, rsaCurrent.toPublicJWK());
        RSASSASigner signer = new RSASSASigner(rsaCurrent);
        String hex = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(BODY.getBytes(StandardCharsets.UTF_8)));
        for (String hash : List.of(ProducerSigners.bodyHash(BODY), hex)) {
            SignedRequest request = sign(signer, JWSAlgorithm.RS256, "rsa-2026", c -> c.claim("body_sha256", hash));
            assertThat(verify(verifier, keys, request)).isInstanceOf(VerificationResult.Verified.class);
            assertRejected(verify(verifier, keys, request.withBody("{\"event\":\"order.refunded\"}".getBytes(StandardCharsets.UTF_8))),
                    401, "body_hash_mismatch");
        }
        assertRejected(verify(verifier, keys, sign(signer, JWSAlgorithm.RS256, "rsa-2026", c -> c)), 401, "missing_claim");
    }

    @Test
    void malformedAuthorizationIsABadRequest() throws JOSEException {
        JwtVerifier verifier = verifier(config(JwtAlgorithm.RS256));
        List<byte[]> keys = jwks(verifier, rsaCurrent.toPublicJWK());
        SignedRequest request = SignedRequest.post("/", BODY);
        assertRejected(verify(verifier, keys, request), 400, "missing_header");
        assertRejected(verify(verifier, keys, request.withHeader("Authorization", "Basic dXNlcjpwYXNz")), 400, "invalid_header");
        assertRejected(verify(verifier, keys, request.withHeader("Authorization", "Bearer not-a-jwt")), 400, "invalid_header");
        SignedRequest signed = sign(new RSASSASigner(rsaCurrent), JWSAlgorithm.RS256, "rsa-2026", c -> c);
        assertThat(verify(verifier, keys, signed.withHeader("Authorization",
                signed.header("Authorization").replace("Bearer", "bearer")))).isInstanceOf(VerificationResult.Verified.class);
    }

    @Test
    void aBadJwksFailsWhenReadNotOnTheFirstRequest() throws JOSEException {
        JwtVerifier verifier = verifier(config(JwtAlgorithm.RS256));
        assertThatIllegalArgumentException().isThrownBy(() -> verifier.keys(List.of("{\"keys\":".getBytes(StandardCharsets.UTF_8))));
        assertThatIllegalArgumentException().isThrownBy(() -> jwks(verifier, ec.toPublicJWK()))
                .withMessageContaining("no key for pinned algorithm RS256");
        OctetSequenceKey weak = new OctetSequenceKey.Builder(new byte[16]).keyID("weak").build();
        JwtVerifier hs = verifier(config(JwtAlgorithm.HS256));
        assertThatIllegalArgumentException().isThrownBy(() -> jwks(hs, weak)).withMessageContaining("cannot verify");
    }

    @Test
    void aSignatureSpelledTwoWaysIsRefused() throws JOSEException {
        JwtVerifier verifier = verifier(config(JwtAlgorithm.RS256));
        List<byte[]> keys = jwks(verifier, rsaCurrent.toPublicJWK());
        String token = sign(new RSASSASigner(rsaCurrent), JWSAlgorithm.RS256, "rsa-2026", c -> c).header("Authorization");
        // 256 signature bytes leave 4 unused bits in the last base64url character: flipping one decodes the same.
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        String signature = token.substring(token.lastIndexOf('.') + 1);
        String alias = signature.substring(0, signature.length() - 1)
                + alphabet.charAt(alphabet.indexOf(signature.charAt(signature.length() - 1)) ^ 1);
        assertThat(new Base64URL(alias).decode()).isEqualTo(new Base64URL(signature).decode());
        SignedRequest altered = SignedRequest.post("/", BODY).withHeader("Authorization",
                token.substring(0, token.length() - signature.length()) + alias);
        assertRejected(verify(verifier, keys, altered), 400, "invalid_header");
    }

    private static VerificationResult verify(JwtVerifier verifier, List<byte[]> keys, SignedRequest request) {
        return verifier.verify(request, keys, NOW, 60);
    }

    private static JwtVerification config(JwtAlgorithm... algorithms) {
        JwtVerification config = new JwtVerification();
        config.setAlgorithms(List.of(algorithms));
        return config;
    }

    private static JwtVerifier verifier(JwtVerification config) {
        return new JwtVerifier(config);
    }

    private static List<byte[]> jwks(JwtVerifier verifier, JWK... keys) {
        return verifier.keys(List.of(new JWKSet(List.of(keys)).toString(false).getBytes(StandardCharsets.UTF_8)));
    }

    private static SignedRequest sign(JWSSigner signer, JWSAlgorithm algorithm, String kid,
            UnaryOperator<JWTClaimsSet.Builder> claims) {
        return ProducerSigners.jwt(signer, new JWSHeader.Builder(algorithm).keyID(kid).build(), claims(claims), BODY);
    }

    private static JWTClaimsSet claims(UnaryOperator<JWTClaimsSet.Builder> change) {
        return change.apply(new JWTClaimsSet.Builder().issueTime(at(NOW - 5)).expirationTime(at(NOW + 300)).jwtID("jti-1"))
                .build();
    }

    private static Date at(long epochSeconds) {
        return new Date(epochSeconds * 1000);
    }
}
