package io.hookwarden.runtime.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.slack.api.app_backend.SlackSignature;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.EmptyWebhookSecretException;
import com.standardwebhooks.exceptions.WebhookSigningException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs requests the way each producer does, independently of the runtime's verifiers: with the producer's own SDK
 * where one exists (stripe-java, standardwebhooks, Slack's app backend, nimbus for JWS), else with the JDK following
 * the producer's documentation.
 */
public final class ProducerSigners {
    public static final String PATH = "/webhooks/test";

    private ProducerSigners() {
    }

    public static SignedRequest seed(String secret, long ts, String key, String body) {
        return SignedRequest.post(PATH, body).withHeader("X-Timestamp", Long.toString(ts))
                .withHeader("X-Idempotency-Key", key)
                .withHeader("X-Signature", Signer.sign(secret, Long.toString(ts), utf8(body)));
    }

    public static SignedRequest stripe(String secret, long ts, String body) {
        try {
            return SignedRequest.post(PATH, body).withHeader("Stripe-Signature",
                    com.stripe.net.Webhook.Signature.generateSignatureHeader(body, secret, ts));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SignedRequest slack(String secret, long ts, String body) {
        return SignedRequest.post(PATH, body).withHeader("X-Slack-Request-Timestamp", Long.toString(ts))
                .withHeader("X-Slack-Signature", new SlackSignature.Generator(secret).generate(Long.toString(ts), body));
    }

    public static SignedRequest standardWebhooks(String secret, String id, long ts, String body) {
        try {
            return SignedRequest.post(PATH, body).withHeader("webhook-id", id)
                    .withHeader("webhook-timestamp", Long.toString(ts))
                    .withHeader("webhook-signature", new Webhook(secret).sign(id, ts, body));
        } catch (WebhookSigningException | EmptyWebhookSecretException e) {
            throw new IllegalStateException(e);
        }
    }

    /** GitHub's documented algorithm: sha256= + hex(HMAC-SHA256(secret, body)). */
    public static SignedRequest github(String secret, String delivery, String body) {
        return SignedRequest.post(PATH, body).withHeader("X-GitHub-Delivery", delivery)
                .withHeader("X-Hub-Signature-256", "sha256=" + HexFormat.of().formatHex(hmac(secret, body)));
    }

    /** Shopify's documented algorithm: base64(HMAC-SHA256(secret, body)). */
    public static SignedRequest shopify(String secret, String webhookId, String body) {
        return SignedRequest.post(PATH, body).withHeader("X-Shopify-Webhook-Id", webhookId)
                .withHeader("X-Shopify-Hmac-Sha256", Base64.getEncoder().encodeToString(hmac(secret, body)));
    }

    /** HubSpot's documented v3 algorithm over method + the URL HubSpot called + body + timestamp (ms). */
    public static SignedRequest hubspotV3(String secret, String calledUrl, long tsMillis, String body) {
        String ts = Long.toString(tsMillis);
        return SignedRequest.post(pathOf(calledUrl), body).withHeader("X-HubSpot-Request-Timestamp", ts)
                .withHeader("X-HubSpot-Signature-v3",
                        Base64.getEncoder().encodeToString(hmac(secret, "POST" + calledUrl + body + ts)));
    }

    /** HubSpot's documented v1 (secret + body) and v2 (secret + method + URL + body) plain SHA-256. */
    public static SignedRequest hubspotLegacy(String version, String secret, String calledUrl, String body) {
        String signed = version.equals("v1") ? secret + body : secret + "POST" + calledUrl + body;
        return SignedRequest.post(pathOf(calledUrl), body).withHeader("X-HubSpot-Signature-Version", version)
                .withHeader("X-HubSpot-Signature", HexFormat.of().formatHex(sha256(signed)));
    }

    public static SignedRequest jwt(JWSSigner signer, JWSHeader header, JWTClaimsSet claims, String body) {
        SignedJWT token = new SignedJWT(header, claims);
        try {
            token.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return SignedRequest.post(PATH, body).withHeader("Authorization", "Bearer " + token.serialize());
    }

    /** base64url (no padding) of SHA-256 of the body, the form a jwt source's bodyHashClaim carries. */
    public static String bodyHash(String body) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(body));
    }

    private static String pathOf(String url) {
        int slash = url.indexOf('/', url.indexOf("://") + 3);
        return slash < 0 ? "/" : url.substring(slash);
    }

    private static byte[] hmac(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(utf8(secret), "HmacSHA256"));
            return mac.doFinal(utf8(message));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(utf8(text));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
