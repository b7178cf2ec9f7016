package io.hookwarden.runtime.verify;

import io.hookwarden.runtime.http.Rejection;
import java.util.List;

/**
 * The shape every MAC scheme shares: read the offered signatures and the signed bytes from the request (refusing
 * missing or malformed headers and stale timestamps before any MAC is computed), then try each key.
 */
abstract class HmacVerifier implements Verifier {
    @Override
    public final VerificationResult verify(InboundRequest request, List<byte[]> keys, long nowEpochSeconds,
            int toleranceSeconds) {
        Signed signed;
        try {
            signed = read(request, nowEpochSeconds, toleranceSeconds);
        } catch (RejectedRequest e) {
            return new VerificationResult.Rejected(e.rejection());
        }
        for (int i = 0; i < keys.size(); i++) {
            byte[] expected = mac(keys.get(i), signed.parts());
            for (byte[] offered : signed.signatures()) {
                if (Hmac.equal(expected, offered)) {
                    return new VerificationResult.Verified(i, null, Hmac.digest(signed.parts()));
                }
            }
        }
        return new VerificationResult.Rejected(Rejection.signatureMismatch());
    }

    /** The signatures the request offers and the bytes they sign; throws {@link RejectedRequest}. */
    abstract Signed read(InboundRequest request, long nowEpochSeconds, int toleranceSeconds);

    /** HMAC-SHA256 by default. */
    byte[] mac(byte[] key, byte[][] parts) {
        return Hmac.sha256(key, parts);
    }

    /** @param parts the signed bytes, in order, concatenated only by the MAC */
    record Signed(List<byte[]> signatures, byte[]... parts) {
        static Signed of(byte[] signature, byte[]... parts) {
            return new Signed(List.of(signature), parts);
        }
    }
}
