package dev.prm.gateway.security;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;

/**
 * Bucket4j token buckets by key: {@code perSecond} sustained, {@code burst} at once. At most {@code maxTracked} keys
 * are kept, the least recently used dropped first, so a flood of new keys (addresses, principals) cannot grow the
 * heap; a dropped key starts again with a full bucket, which a large bound makes rare for keys still in use.
 * (Bucket4j's proxy managers bound nothing for local buckets; its Caffeine one would bring a cache library for one map.)
 */
final class TokenBuckets {

    private final Bandwidth limit;
    private final Map<String, Bucket> buckets;

    TokenBuckets(double perSecond, long burst, int maxTracked) {
        if (perSecond <= 0 || burst < 1 || maxTracked < 1) {
            throw new IllegalArgumentException("a rate limit needs perSecond > 0, burst >= 1 and maxTracked >= 1");
        }
        this.limit = Bandwidth.builder().capacity(burst)
                .refillGreedy(1, Duration.ofNanos(Math.max(1, Math.round(1e9 / perSecond))))
                .build();
        this.buckets = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxTracked;
            }
        };
    }

    /** @return 0 when a token was taken, otherwise the nanoseconds until one is there */
    long take(String key) {
        Bucket bucket;
        synchronized (buckets) {
            bucket = buckets.computeIfAbsent(key, k -> Bucket.builder().addLimit(limit).build());
        }
        var probe = bucket.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill());
    }

    int tracked() {
        synchronized (buckets) {
            return buckets.size();
        }
    }
}
