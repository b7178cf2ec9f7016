package io.hookwarden.runtime.verify;

import io.hookwarden.api.v1alpha1.IdempotencyKeySource;
import java.nio.charset.StandardCharsets;

/**
 * HubSpot v3: {@code X-HubSpot-Signature-v3 = base64(HMAC-SHA256(client secret, method + URI + body + ts))} with
 * {@code X-HubSpot-Request-Timestamp} in milliseconds. The URI is the full URL HubSpot called, rebuilt from the
 * configured public URL and the request's raw path and query (never from X-Forwarded-* headers), after decoding the
 * twelve percent-escapes HubSpot's docs list.
 */
public final class HubSpotV3Verifier extends HmacVerifier {
    public static final String SIGNATURE = "X-HubSpot-Signature-v3";
    public static final String TIMESTAMP = "X-HubSpot-Request-Timestamp";
    private static final String DECODED = ":/?@!$'()*,;";
    private static final String[] ESCAPES = {"3A", "2F", "3F", "40", "21", "24", "27", "28", "29", "2A", "2C", "3B"};

    private final PublicUrl publicUrl;

    public HubSpotV3Verifier(String publicUrl) {
        this.publicUrl = new PublicUrl(publicUrl);
    }

    @Override
    Signed read(InboundRequest request, long nowEpochSeconds, int toleranceSeconds) {
        String signature = Headers.required(request, SIGNATURE);
        String timestamp = Headers.required(request, TIMESTAMP);
        Headers.withinWindow(Headers.epoch(TIMESTAMP, timestamp) / 1000, nowEpochSeconds, toleranceSeconds);
        return Signed.of(Headers.signature(SIGNATURE, signature, Headers.BASE64),
                request.method().getBytes(StandardCharsets.US_ASCII),
                signedUri(publicUrl.of(request)).getBytes(StandardCharsets.UTF_8),
                request.body(),
                timestamp.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public IdempotencyKeySource defaultKeySource() {
        return new IdempotencyKeySource.BodyHash();
    }

    /** The URL with HubSpot's listed escapes (either hex case) decoded and every other one left as it is. */
    static String signedUri(String url) {
        if (url.indexOf('%') < 0) {
            return url;
        }
        StringBuilder out = new StringBuilder(url.length());
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            int decoded = c == '%' && i + 2 < url.length() ? decodedEscape(url.substring(i + 1, i + 3)) : -1;
            if (decoded >= 0) {
                out.append((char) decoded);
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int decodedEscape(String hex) {
        for (int k = 0; k < ESCAPES.length; k++) {
            if (ESCAPES[k].equalsIgnoreCase(hex)) {
                return DECODED.charAt(k);
            }
        }
        return -1;
    }
}
