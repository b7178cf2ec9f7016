package io.hookwarden.runtime.verify;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 helpers shared by the HMAC-based schemes. */
public final class Hmac {
    private static final String ALGORITHM = "HmacSHA256";
    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance(ALGORITHM);
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

    /** Constant-time comparison: the time taken does not depend on where the inputs differ. */
    public static boolean equal(byte[] expected, byte[] provided) {
        return provided != null && MessageDigest.isEqual(expected, provided);
    }

    /** Decodes lowercase or uppercase hex; null when the text is not hex of the expected length. */
    public static byte[] decodeHex(String hex, int expectedBytes) {
        if (hex == null || hex.length() != expectedBytes * 2) {
            return null;
        }
        byte[] out = new byte[expectedBytes];
        for (int i = 0; i < expectedBytes; i++) {
            int hi = Character.digit(hex.charAt(2 * i), 16);
            int lo = Character.digit(hex.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }
}
