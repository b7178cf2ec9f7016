package io.hookwarden.runtime.console;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One-time login codes for the link local mode prints: each opens one session, once, within a few
 * minutes. The admin token itself never travels in a URL (browser history, proxy logs).
 */
final class LoginCodes {
    static final Duration VALID_FOR = Duration.ofMinutes(10);

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> issued = new ConcurrentHashMap<>();
    private final Clock clock;

    LoginCodes(Clock clock) {
        this.clock = clock;
    }

    String issue() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String code = HexFormat.of().formatHex(bytes);
        Instant now = clock.instant();
        issued.values().removeIf(expiry -> expiry.isBefore(now));
        issued.put(code, now.plus(VALID_FOR));
        return code;
    }

    /** True once per issued code, and only before it expires. */
    boolean redeem(String code) {
        if (code == null) {
            return false;
        }
        Instant expiry = issued.remove(code);
        return expiry != null && !clock.instant().isAfter(expiry);
    }
}
