package io.hookwarden.benchmarks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.hookwarden.api.v1alpha1.JwtAlgorithm;
import io.hookwarden.api.v1alpha1.JwtVerification;
import io.hookwarden.api.v1alpha1.SecretKeyRef;
import io.hookwarden.api.v1alpha1.SignatureScheme;
import io.hookwarden.api.v1alpha1.Verification;
import io.hookwarden.runtime.verify.Hmac;
import io.hookwarden.runtime.verify.InboundRequest;
import io.hookwarden.runtime.verify.VerificationResult;
import io.hookwarden.runtime.verify.Verifier;
import io.hookwarden.runtime.verify.Verifiers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one verification costs on the event loop, per scheme and body size: a valid request verified against two
 * secrets (current first, so the first MAC matches; rotation doubles the cost of a previous-key match).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class VerificationBenchmark {
    private static final String PUBLIC_URL = "https://hooks.example.com";
    private static final String PATH = "/webhooks/bench";
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    // A valid key for every scheme, standard-webhooks included (base64 after whsec_).
    private static final String PREVIOUS_SECRET = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";

    @Param({"HMAC_SHA256_V1", "STRIPE", "SLACK", "GITHUB", "HUBSPOT_V3", "HUBSPOT_V2", "HUBSPOT_V1", "SHOPIFY",
            "STANDARD_WEBHOOKS", "JWT"})
    public SignatureScheme scheme;

    @Param({"1024", "65536"})
    public int bodyBytes;

    private Verifier verifier;
    private List<byte[]> keys;
    private InboundRequest request;
    private long now;

    @Setup
    public void setUp() throws JOSEException {
        now = System.currentTimeMillis() / 1000;
        byte[] body = new byte[bodyBytes];
        Arrays.fill(body, (byte) 'x');
        body[0] = '{';
        body[body.length - 1] = '}';
        Verification verification = new Verification();
        verification.setScheme(scheme);
        verification.setPublicUrl(PUBLIC_URL);
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        List<byte[]> secrets = List.of(utf8(SECRET), utf8(PREVIOUS_SECRET));
        if (scheme == SignatureScheme.JWT) {
            RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
            verification.setJwt(jwtConfig());
            secrets = List.of(utf8(new JWKSet(key.toPublicJWK()).toString()));
            headers.put("Authorization", "Bearer " + token(key, body));
        } else {
            verification.setSecretRef(new SecretKeyRef("bench", "secret"));
            sign(headers, body);
        }
        verifier = Verifiers.forVerification(verification);
        keys = verifier.keys(secrets);
        request = new Request(headers, body);
        if (!(verify() instanceof VerificationResult.Verified)) {
            throw new IllegalStateException(scheme + ": the benchmark request does not verify: " + verify());
        }
    }

    @Benchmark
    public VerificationResult verify() {
        return verifier.verify(request, keys, now, 300);
    }

    /** Signs as the producer does, with the runtime's HMAC helper (correctness is the unit tests' business). */
    private void sign(Map<String, String> headers, byte[] body) {
        String ts = Long.toString(now);
        byte[] key = utf8(SECRET);
        switch (scheme) {
            case HMAC_SHA256_V1 -> {
                headers.put("X-Timestamp", ts);
                headers.put("X-Signature", hex(Hmac.sha256(key, utf8(ts + "."), body)));
            }
            case STRIPE -> headers.put("Stripe-Signature", "t=" + ts + ",v1=" + hex(Hmac.sha256(key, utf8(ts + "."), body)));
            case SLACK -> {
                headers.put("X-Slack-Request-Timestamp", ts);
                headers.put("X-Slack-Signature", "v0=" + hex(Hmac.sha256(key, utf8("v0:" + ts + ":"), body)));
            }
            case GITHUB -> headers.put("X-Hub-Signature-256", "sha256=" + hex(Hmac.sha256(key, body)));
            case SHOPIFY -> headers.put("X-Shopify-Hmac-Sha256", base64(Hmac.sha256(key, body)));
            case HUBSPOT_V3 -> {
                String ms = now + "000";
                headers.put("X-HubSpot-Request-Timestamp", ms);
                headers.put("X-HubSpot-Signature-v3", base64(Hmac.sha256(key, utf8("POST" + PUBLIC_URL + PATH), body, utf8(ms))));
            }
            case HUBSPOT_V2 -> headers.put("X-HubSpot-Signature", hex(Hmac.digest(key, utf8("POST" + PUBLIC_URL + PATH), body)));
            case HUBSPOT_V1 -> headers.put("X-HubSpot-Signature", hex(Hmac.digest(key, body)));
            case STANDARD_WEBHOOKS -> {
                headers.put("webhook-id", "msg_1");
                headers.put("webhook-timestamp", ts);
                byte[] macKey = Base64.getDecoder().decode(SECRET.substring("whsec_".length()));
                headers.put("webhook-signature", "v1," + base64(Hmac.sha256(macKey, utf8("msg_1." + ts + "."), body)));
            }
            default -> throw new IllegalArgumentException(scheme.wireName());
        }
    }

    private String token(RSAKey key, byte[] body) throws JOSEException {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issueTime(new Date(now * 1000))
                .expirationTime(new Date((now + 300) * 1000)).jwtID("jti-1")
                .claim("body_sha256", Base64.getUrlEncoder().withoutPadding().encodeToString(Hmac.digest(body))).build();
        SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), claims);
        token.sign(new RSASSASigner(key));
        return token.serialize();
    }

    private static JwtVerification jwtConfig() {
        JwtVerification jwt = new JwtVerification();
        jwt.setJwksSecretRef(new SecretKeyRef("bench", "jwks"));
        jwt.setAlgorithms(List.of(JwtAlgorithm.RS256));
        jwt.setBodyHashClaim("body_sha256");
        return jwt;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private record Request(Map<String, String> headers, byte[] body) implements InboundRequest {
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
            return PATH;
        }
    }
}
