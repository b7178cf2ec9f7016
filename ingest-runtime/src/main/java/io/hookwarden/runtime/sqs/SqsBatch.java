package io.hookwarden.runtime.sqs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** SQS's batch calls (send, delete, change visibility, receive) take at most ten entries. */
public final class SqsBatch {
    public static final int MAX_ENTRIES = 10;
    /**
     * How long a busy caller waits for a batch to fill before sending what it has: SQS's cost is per
     * call, so ten entries in one call instead of one call per entry, for at most this much delay.
     */
    public static final long FILL_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private SqsBatch() {
    }

    /** The items in consecutive slices of at most {@code size}. */
    public static <T> List<List<T>> chunks(List<T> items, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < items.size(); from += size) {
            chunks.add(items.subList(from, Math.min(items.size(), from + size)));
        }
        return chunks;
    }
}
