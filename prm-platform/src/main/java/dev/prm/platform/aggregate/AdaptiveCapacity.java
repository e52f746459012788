package dev.prm.platform.aggregate;

/**
 * How many entries a cache may hold now: halved each time the heap is found short, then grown back one entry for
 * every {@value #EVICTIONS_PER_GROWTH} evictions the smaller bound forces, up to the configured maximum (additive
 * increase, multiplicative decrease). Not thread-safe: one per cache, used under its lock.
 */
final class AdaptiveCapacity {

    static final int FLOOR = 64;
    static final int EVICTIONS_PER_GROWTH = 4;

    private final int maximum;
    private int capacity;
    private int evictionsSinceGrowth;

    AdaptiveCapacity(int maximum) {
        if (maximum < 1) {
            throw new IllegalArgumentException("a cache holds at least one entry: " + maximum);
        }
        this.maximum = maximum;
        this.capacity = maximum;
    }

    /** The heap is short and the cache holds {@code size} entries: the bound becomes half of them, not less than {@value #FLOOR}. */
    int halve(int size) {
        capacity = Math.min(capacity, Math.max(Math.min(FLOOR, maximum), Math.min(capacity, size) / 2));
        evictionsSinceGrowth = 0;
        return capacity;
    }

    /** The cache evicted an entry to stay within the bound. */
    void evicted() {
        if (capacity < maximum && ++evictionsSinceGrowth == EVICTIONS_PER_GROWTH) {
            capacity++;
            evictionsSinceGrowth = 0;
        }
    }

    int capacity() {
        return capacity;
    }

    int maximum() {
        return maximum;
    }
}
