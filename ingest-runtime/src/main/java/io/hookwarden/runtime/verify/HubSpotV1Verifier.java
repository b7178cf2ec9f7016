package io.hookwarden.runtime.verify;

/** HubSpot v1 (CRM webhook subscriptions): SHA-256 of client secret + body. */
public final class HubSpotV1Verifier extends HubSpotLegacyVerifier {
    public HubSpotV1Verifier() {
        super("v1");
    }

    @Override
    byte[][] signedParts(InboundRequest request) {
        return new byte[][] {request.body()};
    }
}
