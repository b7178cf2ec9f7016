package io.hookwarden.runtime.verify;

import io.hookwarden.api.v1alpha1.Verification;

/** The verifier of each scheme the API admits, configured for one source. */
public final class Verifiers {
    private Verifiers() {
    }

    public static Verifier forVerification(Verification verification) {
        return switch (verification.getScheme()) {
            case HMAC_SHA256_V1 -> new HmacSha256V1Verifier();
            case STRIPE -> new StripeVerifier();
            case SLACK -> new SlackVerifier();
            case GITHUB -> new GitHubVerifier();
            case HUBSPOT_V3 -> new HubSpotV3Verifier(verification.getPublicUrl());
            case HUBSPOT_V2 -> new HubSpotV2Verifier(verification.getPublicUrl());
            case HUBSPOT_V1 -> new HubSpotV1Verifier();
            case SHOPIFY -> new ShopifyVerifier();
            case STANDARD_WEBHOOKS -> new StandardWebhooksVerifier();
            case JWT -> new JwtVerifier(verification.getJwt());
        };
    }
}
