package io.hookwarden.runtime.verify;

import io.hookwarden.api.v1alpha1.IdempotencyKeySource;
import io.hookwarden.runtime.http.Rejection;

/**
 * HubSpot's legacy signatures: {@code X-HubSpot-Signature = hex(SHA-256(client secret + signed request parts))}, a
 * plain hash with the secret as prefix rather than an HMAC, with {@code X-HubSpot-Signature-Version} naming the
 * version. No timestamp is signed: deduplication is the only replay defence.
 */
abstract class HubSpotLegacyVerifier extends HmacVerifier {
    public static final String SIGNATURE = "X-HubSpot-Signature";
    public static final String VERSION = "X-HubSpot-Signature-Version";

    private final String version;

    HubSpotLegacyVerifier(String version) {
        this.version = version;
    }

    @Override
    final Signed read(InboundRequest request, long nowEpochSeconds, int toleranceSeconds) {
        String hex = Headers.required(request, SIGNATURE);
        String sentVersion = request.header(VERSION);
        if (sentVersion != null && !sentVersion.trim().equals(version)) {
            throw new RejectedRequest(Rejection.invalidHeader(VERSION, "this source verifies " + version + " signatures"));
        }
        return Signed.of(Headers.signature(SIGNATURE, hex, Headers.LOWERCASE_HEX), signedParts(request));
    }

    /** What follows the secret in the hashed string. */
    abstract byte[][] signedParts(InboundRequest request);

    @Override
    final byte[] mac(byte[] key, byte[][] parts) {
        byte[][] all = new byte[parts.length + 1][];
        all[0] = key;
        System.arraycopy(parts, 0, all, 1, parts.length);
        return Hmac.digest(all);
    }

    @Override
    public IdempotencyKeySource defaultKeySource() {
        return new IdempotencyKeySource.BodyHash();
    }
}
