package dev.prm.gateway.security;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets by key: {@code perSecond} sustained, {@code burst} at once. At most {@code maxTracked} keys are kept,
 * the least recently used dropped first, so a flood of new keys (addresses, principals) cannot grow the heap; a
 * dropped key starts again with a full bucket, which a large bound makes rare for keys still in use.
 */
final class TokenBuckets {

    private final double perSecond;
    private final double burst;
    private final Map<String, Bucket> buckets;

    TokenBuckets(double perSecond, double burst, int maxTracked) {
        if (perSecond <= 0 || burst < 1 || maxTracked < 1) {
            throw new IllegalArgumentException("a rate limit needs perSecond > 0, burst >= 1 and maxTracked >= 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.buckets = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxTracked;
            }
        };
    }

    /** @return 0 when a token was taken, otherwise the nanoseconds until one is there */
    long take(String key) {
        long now = System.nanoTime();
        synchronized (buckets) {
            return buckets.computeIfAbsent(key, k -> new Bucket(burst, now)).take(now, perSecond, burst);
        }
    }

    int tracked() {
        synchronized (buckets) {
            return buckets.size();
        }
    }

    private static final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        long take(long now, double perSecond, double burst) {
            tokens = Math.min(burst, tokens + Math.max(0, now - refilledAt) / 1e9 * perSecond);
            refilledAt = Math.max(refilledAt, now);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) ((1 - tokens) / perSecond * 1e9);
        }
    }
}
