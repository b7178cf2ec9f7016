package io.hookwarden.runtime.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Supplier;

/** The admin API's bearer token: from a mounted Secret file (re-read per request, so it rotates) or generated. */
public final class AdminToken {
    private final Supplier<String> current;

    private AdminToken(Supplier<String> current) {
        this.current = current;
    }

    public static AdminToken fromFile(Path file) {
        return new AdminToken(() -> {
            try {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                return "";
            }
        });
    }

    /** Local mode without a token file: a random token, printed once at startup. */
    public static AdminToken generated() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String token = HexFormat.of().formatHex(random);
        return new AdminToken(() -> token);
    }

    public String value() {
        return current.get();
    }

    /** Constant time in the token's content: both sides are hashed first, so lengths leak nothing either. */
    public boolean matches(String presented) {
        String expected = current.get();
        if (expected.isEmpty() || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(expected), sha256(presented));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
