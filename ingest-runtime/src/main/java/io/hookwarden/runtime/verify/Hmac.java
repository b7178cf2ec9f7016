package io.hookwarden.runtime.verify;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 and SHA-256 helpers, and the signature encodings, shared by the HMAC-based schemes. */
public final class Hmac {
    public static final int SHA256_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";
    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance(ALGORITHM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });
    private static final ThreadLocal<MessageDigest> DIGESTS = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    private Hmac() {
    }

    /** HMAC-SHA256 over the concatenation of the given parts, without copying them into one array. */
    public static byte[] sha256(byte[] key, byte[]... parts) {
        Mac mac = MACS.get();
        try {
            mac.init(new SecretKeySpec(key, ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        for (byte[] part : parts) {
            mac.update(part);
        }
        return mac.doFinal();
    }

    /** Plain SHA-256 over the concatenation of the given parts (HubSpot's legacy signatures, body hashes). */
    public static byte[] digest(byte[]... parts) {
        MessageDigest digest = DIGESTS.get();
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }

    /** Constant-time comparison: the time taken does not depend on where the inputs differ. */
    public static boolean equal(byte[] expected, byte[] provided) {
        return provided != null && MessageDigest.isEqual(expected, provided);
    }

    /** Decodes lowercase or uppercase hex; null when the text is not hex of the expected length. */
    public static byte[] decodeHex(String hex, int expectedBytes) {
        return decodeHex(hex, expectedBytes, false);
    }

    /**
     * Decodes lowercase hex only, the form producers send: their own SDKs compare the hex text, so accepting
     * other spellings would only make signatures malleable.
     */
    public static byte[] decodeLowercaseHex(String hex, int expectedBytes) {
        return decodeHex(hex, expectedBytes, true);
    }

    private static byte[] decodeHex(String hex, int expectedBytes, boolean lowercaseOnly) {
        if (hex == null || hex.length() != expectedBytes * 2) {
            return null;
        }
        byte[] out = new byte[expectedBytes];
        for (int i = 0; i < expectedBytes; i++) {
            int hi = hexDigit(hex.charAt(2 * i), lowercaseOnly);
            int lo = hexDigit(hex.charAt(2 * i + 1), lowercaseOnly);
            if (hi < 0 || lo < 0) {
                return null;
            }
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    private static int hexDigit(char c, boolean lowercaseOnly) {
        if (lowercaseOnly && c >= 'A' && c <= 'F') {
            return -1;
        }
        return Character.digit(c, 16);
    }

    /**
     * Decodes standard, padded base64 of exactly the expected length; null otherwise. Only the canonical spelling
     * is accepted (the decoder alone ignores the unused low bits of the last character).
     */
    public static byte[] decodeBase64(String text, int expectedBytes) {
        if (text == null || text.length() != (expectedBytes + 2) / 3 * 4) {
            return null;
        }
        byte[] out;
        try {
            out = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return out.length == expectedBytes && Base64.getEncoder().encodeToString(out).equals(text) ? out : null;
    }
}
