package io.hookwarden.runtime.verify;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import io.hookwarden.api.v1alpha1.IdempotencyKeySource;
import io.hookwarden.api.v1alpha1.JwtAlgorithm;
import io.hookwarden.api.v1alpha1.JwtVerification;
import io.hookwarden.runtime.http.Rejection;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Scheme jwt: {@code Authorization: Bearer <JWS>} verified with the key its {@code kid} names in a JWKS held in a
 * Secret. The algorithm is pinned per source, and a key only ever verifies the algorithm family of its own type
 * (nimbus's {@link JWKMatcher#forJWSHeader}), so an HS256 token cannot borrow an RSA key's bytes as an HMAC secret.
 * Claims are checked only after the signature: exp, iat (age) and nbf with the leeway, then iss, aud and the body hash.
 */
public final class JwtVerifier implements Verifier {
    public static final String AUTHORIZATION = "Authorization";
    private static final String BEARER = "bearer ";
    private static final int BASE64URL_SHA256_LENGTH = 43;
    private static final int MAX_ECHOED_KID = 64;

    private final Set<JWSAlgorithm> algorithms;
    private final String audience;
    private final String issuer;
    private final int maxTokenAgeSeconds;
    private final String bodyHashClaim;
    /** The parsed JWKS and the key list it came from: re-parsed only when the source's keys are replaced. */
    private volatile Keyring keyring;

    public JwtVerifier(JwtVerification config) {
        this.algorithms = config.getAlgorithms().stream().map(JwtAlgorithm::name).map(JWSAlgorithm::parse)
                .collect(Collectors.toUnmodifiableSet());
        this.audience = config.getAudience();
        this.issuer = config.getIssuer();
        this.maxTokenAgeSeconds = config.effectiveMaxTokenAgeSeconds();
        this.bodyHashClaim = config.getBodyHashClaim();
    }

    @Override
    public VerificationResult verify(InboundRequest request, List<byte[]> keys, long nowEpochSeconds, int leewaySeconds) {
        try {
            SignedJWT token = signedToken(request);
            int keyIndex = keyring(keys).verifyingKey(token);
            JWTClaimsSet claims;
            try {
                claims = token.getJWTClaimsSet();
            } catch (ParseException e) {
                throw new RejectedRequest(Rejection.invalidHeader(AUTHORIZATION, "the token's claims are not a JSON object"));
            }
            checkTimes(claims, nowEpochSeconds, leewaySeconds);
            if (issuer != null && !issuer.equals(claims.getIssuer())) {
                throw new RejectedRequest(Rejection.issuerMismatch());
            }
            if (audience != null && (claims.getAudience() == null || !claims.getAudience().contains(audience))) {
                throw new RejectedRequest(Rejection.audienceMismatch());
            }
            if (bodyHashClaim != null) {
                checkBodyHash(claims, request.body());
            }
            // The signing input, not the token: an ECDSA signature can be re-spelled and still verify.
            return new VerificationResult.Verified(keyIndex, claims.getJWTID(),
                    Hmac.digest(token.getSigningInput()));
        } catch (RejectedRequest e) {
            return new VerificationResult.Rejected(e.rejection());
        }
    }

    @Override
    public IdempotencyKeySource defaultKeySource() {
        return new IdempotencyKeySource.TokenId();
    }

    /** Parses the JWKS documents so that a bad one fails when it is read, not on the first request. */
    @Override
    public List<byte[]> keys(List<byte[]> secrets) {
        Keyring.parse(secrets, algorithms);
        return secrets;
    }

    private SignedJWT signedToken(InboundRequest request) {
        String authorization = Headers.required(request, AUTHORIZATION);
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new RejectedRequest(Rejection.invalidHeader(AUTHORIZATION, "expected Bearer <JWT>"));
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(authorization.substring(BEARER.length()).trim());
        } catch (ParseException e) {
            throw new RejectedRequest(Rejection.invalidHeader(AUTHORIZATION, "not a JWT"));
        }
        if (!(jwt instanceof SignedJWT signed)) {
            // alg "none" (a PlainJWT) or an encrypted token: neither is signed by the producer's key.
            throw new RejectedRequest(Rejection.algorithmNotAllowed(jwt.getHeader().getAlgorithm().getName()));
        }
        if (!algorithms.contains(signed.getHeader().getAlgorithm())) {
            throw new RejectedRequest(Rejection.algorithmNotAllowed(signed.getHeader().getAlgorithm().getName()));
        }
        // The signing input is the header and payload text as sent, but the signature is decoded: insist on its one
        // spelling so that a token cannot be altered and still verify.
        Base64URL signature = signed.getSignature();
        if (!Base64URL.encode(signature.decode()).equals(signature)) {
            throw new RejectedRequest(Rejection.invalidHeader(AUTHORIZATION, "the token's signature is not canonical base64url"));
        }
        return signed;
    }

    private void checkTimes(JWTClaimsSet claims, long now, int leeway) {
        long expires = epochSeconds(claims.getExpirationTime(), "exp");
        if (now > expires + leeway) {
            throw new RejectedRequest(Rejection.tokenExpired("exp passed " + (now - expires) + " s ago"));
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && notBefore.getTime() / 1000 > now + leeway) {
            throw new RejectedRequest(Rejection.tokenNotYetValid("nbf is " + (notBefore.getTime() / 1000 - now) + " s ahead"));
        }
        long issued = epochSeconds(claims.getIssueTime(), "iat");
        if (issued > now + leeway) {
            throw new RejectedRequest(Rejection.tokenNotYetValid("iat is " + (issued - now) + " s ahead"));
        }
        if (now - issued > maxTokenAgeSeconds + leeway) {
            throw new RejectedRequest(Rejection.tokenExpired(
                    "issued " + (now - issued) + " s ago; at most " + maxTokenAgeSeconds + " s accepted"));
        }
    }

    private static long epochSeconds(Date date, String claim) {
        if (date == null) {
            throw new RejectedRequest(Rejection.missingClaim(claim));
        }
        return date.getTime() / 1000;
    }

    private void checkBodyHash(JWTClaimsSet claims, byte[] body) {
        Object value = claims.getClaim(bodyHashClaim);
        if (value == null) {
            throw new RejectedRequest(Rejection.missingClaim(bodyHashClaim));
        }
        String text = value.toString();
        byte[] claimed = text.length() == BASE64URL_SHA256_LENGTH ? decodeBase64Url(text)
                : Hmac.decodeLowercaseHex(text, Hmac.SHA256_BYTES);
        if (!Hmac.equal(Hmac.digest(body), claimed)) {
            throw new RejectedRequest(Rejection.bodyHashMismatch(bodyHashClaim));
        }
    }

    private static byte[] decodeBase64Url(String text) {
        try {
            byte[] decoded = Base64.getUrlDecoder().decode(text);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(decoded).equals(text) ? decoded : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Keyring keyring(List<byte[]> keys) {
        Keyring current = keyring;
        if (current == null || current.source() != keys) {
            current = Keyring.parse(keys, algorithms);
            keyring = current;
        }
        return current;
    }

    /** Every key of the JWKS documents, in order, each with the verifier its type calls for. */
    private record Keyring(List<byte[]> source, List<JWK> keys, List<JWSVerifier> verifiers) {
        static Keyring parse(List<byte[]> documents, Set<JWSAlgorithm> algorithms) {
            List<JWK> keys = new ArrayList<>();
            List<JWSVerifier> verifiers = new ArrayList<>();
            for (byte[] document : documents) {
                try {
                    for (JWK key : JWKSet.parse(new String(document, StandardCharsets.UTF_8)).getKeys()) {
                        keys.add(key);
                        verifiers.add(verifierFor(key));
                    }
                } catch (ParseException e) {
                    throw new IllegalArgumentException("the JWKS is not valid JSON Web Key Set JSON");
                } catch (JOSEException e) {
                    throw new IllegalArgumentException("a JWKS key cannot verify: " + e.getMessage());
                }
            }
            for (JWSAlgorithm algorithm : algorithms) {
                JWKMatcher matcher = JWKMatcher.forJWSHeader(new JWSHeader(algorithm));
                if (keys.stream().noneMatch(matcher::matches)) {
                    throw new IllegalArgumentException("the JWKS has no key for pinned algorithm " + algorithm);
                }
            }
            return new Keyring(documents, List.copyOf(keys), List.copyOf(verifiers));
        }

        private static JWSVerifier verifierFor(JWK key) throws JOSEException {
            if (key instanceof RSAKey rsa) {
                return new RSASSAVerifier(rsa);
            }
            if (key instanceof ECKey ec) {
                return new ECDSAVerifier(ec);
            }
            if (key instanceof OctetSequenceKey secret) {
                return new MACVerifier(secret);
            }
            throw new JOSEException("key type " + key.getKeyType() + " is not supported (RSA, EC P-256, oct)");
        }

        /** Index of the key that verifies the token; unknown_key_id when none may, signature_mismatch when none does. */
        int verifyingKey(SignedJWT token) {
            JWSHeader header = token.getHeader();
            JWKMatcher matcher = JWKMatcher.forJWSHeader(header);
            boolean candidate = false;
            for (int i = 0; i < keys.size(); i++) {
                if (matcher.matches(keys.get(i))) {
                    candidate = true;
                    if (verifies(verifiers.get(i), token)) {
                        return i;
                    }
                }
            }
            if (!candidate) {
                String kid = header.getKeyID() == null ? "(none)" : header.getKeyID();
                throw new RejectedRequest(Rejection.unknownKeyId(
                        kid.length() > MAX_ECHOED_KID ? kid.substring(0, MAX_ECHOED_KID) + "…" : kid,
                        header.getAlgorithm().getName()));
            }
            throw new RejectedRequest(Rejection.signatureMismatch());
        }

        private static boolean verifies(JWSVerifier verifier, SignedJWT token) {
            try {
                return verifier.verify(token.getHeader(), token.getSigningInput(), token.getSignature());
            } catch (JOSEException e) {
                // e.g. an ES256 token against a P-384 key, or a crit header we do not understand.
                return false;
            }
        }
    }
}
