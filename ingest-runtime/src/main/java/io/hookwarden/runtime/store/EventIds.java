package io.hookwarden.runtime.store;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * UUIDv7 (RFC 9562): time-ordered, so new rows land at the right edge of the primary-key index
 * instead of at random pages, which keeps the insert path cache-friendly. The random bits only
 * keep ids unique; nothing is authorised by knowing one, so a per-thread generator is enough
 * and avoids a shared lock on the request path.
 */
public final class EventIds {
    private EventIds() {
    }

    public static UUID next() {
        long millis = System.currentTimeMillis();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long randA = random.nextInt() & 0xFFFL;
        long msb = (millis << 16) | 0x7000L | randA;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
