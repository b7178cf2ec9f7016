package io.hookwarden.runtime.ingest;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The budget of requests that fail verification, per client address. A source's own rate limit is spent only by
 * verified requests, so a flood of unsigned or wrongly signed requests cannot starve the producer; this budget stops
 * the flood itself. An address over it is refused (429) before its body is read. Only addresses that failed are
 * remembered, and at most so many: past that the counts start over (lock-free, and a producer is never looked up
 * in more than an empty map).
 */
final class UnverifiedRequests {
    private final int perSecond;
    private final int burst;
    private final int maxAddresses;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    UnverifiedRequests(int perSecond, int burst, int maxAddresses) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.maxAddresses = maxAddresses;
    }

    /** Seconds until the address may send again, or 0 when it is within its budget. */
    long retryAfterSeconds(String address) {
        Bucket bucket = buckets.get(address);
        if (bucket == null || bucket.getAvailableTokens() > 0) {
            return 0;
        }
        return Math.max(1, (bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
    }

    /** Counts a request from the address that failed verification. */
    void charge(String address) {
        if (buckets.size() >= maxAddresses && !buckets.containsKey(address)) {
            buckets.clear();
        }
        buckets.computeIfAbsent(address, ignored -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
                .build()).tryConsume(1);
    }
}
