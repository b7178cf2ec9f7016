package io.hookwarden.runtime.verify;

import java.nio.charset.StandardCharsets;

/**
 * HubSpot v2 (workflow webhook actions, CRM cards): SHA-256 of client secret + method + URL + body, the URL exactly
 * as HubSpot called it: the configured public URL plus the request's raw path and query.
 */
public final class HubSpotV2Verifier extends HubSpotLegacyVerifier {
    private final PublicUrl publicUrl;

    public HubSpotV2Verifier(String publicUrl) {
        super("v2");
        this.publicUrl = new PublicUrl(publicUrl);
    }

    @Override
    byte[][] signedParts(InboundRequest request) {
        return new byte[][] {request.method().getBytes(StandardCharsets.US_ASCII),
                publicUrl.of(request).getBytes(StandardCharsets.UTF_8), request.body()};
    }
}
