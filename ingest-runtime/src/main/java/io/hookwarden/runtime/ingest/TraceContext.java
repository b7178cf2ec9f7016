package io.hookwarden.runtime.ingest;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** W3C trace context: keep the producer's traceparent, or start a trace when it sent none. */
public final class TraceContext {
    private static final Pattern TRACEPARENT = Pattern.compile("^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$");
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private TraceContext() {
    }

    public static String traceparentOrNew(String header) {
        if (header != null && TRACEPARENT.matcher(header).matches() && !header.startsWith("00-00000000000000000000000000000000")) {
            return header;
        }
        return "00-" + randomHex(16) + "-" + randomHex(8) + "-01";
    }

    public static String traceId(String traceparent) {
        return traceparent.substring(3, 35);
    }

    private static String randomHex(int bytes) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] out = new char[bytes * 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = HEX[random.nextInt(16)];
        }
        return new String(out);
    }
}
