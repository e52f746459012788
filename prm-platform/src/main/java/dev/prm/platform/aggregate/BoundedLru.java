package dev.prm.platform.aggregate;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Entries in access order, the least recently used going first, within a bound that halves each time the heap is
 * found short and grows back one entry for every {@value #EVICTIONS_PER_GROWTH} evictions it forces, up to the
 * configured maximum (additive increase, multiplicative decrease). Not thread-safe: the caches that hold one use it
 * under a lock.
 */
final class BoundedLru {

    static final int FLOOR = 64;
    static final int EVICTIONS_PER_GROWTH = 4;

    private static final Logger log = LoggerFactory.getLogger(BoundedLru.class);

    private final String name;
    private final int maximum;
    private final LongAdder givenBack;
    private final Map<Object, Object> entries = new LinkedHashMap<>(256, 0.75f, true);
    private int capacity;
    private int evictionsSinceGrowth;

    /** @param givenBack counts the entries given back because the heap was short (shared by a cache's threads) */
    BoundedLru(String name, int maximum, LongAdder givenBack) {
        if (maximum < 1) {
            throw new IllegalArgumentException("a cache holds at least one entry: " + maximum);
        }
        this.name = name;
        this.maximum = maximum;
        this.capacity = maximum;
        this.givenBack = givenBack;
    }

    /** The count of {@code givenBack}, as every cache of aggregates names it. */
    static void registerGivenBack(MeterRegistry registry, String cache, LongAdder givenBack) {
        FunctionCounter.builder("prm.aggregate.cache.given.back", givenBack, LongAdder::doubleValue)
                .description("Entries an aggregate cache dropped because a collection left the heap short")
                .tag("cache", cache)
                .register(registry);
    }

    Object get(Object key) {
        return entries.get(key);
    }

    void put(Object key, Object value) {
        entries.put(key, value);
        if (entries.size() > capacity) {
            removeEldest();
            if (capacity < maximum && ++evictionsSinceGrowth == EVICTIONS_PER_GROWTH) {
                capacity++;
                evictionsSinceGrowth = 0;
            }
        }
    }

    boolean remove(Object key) {
        return entries.remove(key) != null;
    }

    void clear() {
        entries.clear();
    }

    boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    int capacity() {
        return capacity;
    }

    /** The heap is short: the bound becomes half the entries held (not less than {@value #FLOOR}), the eldest above it go. */
    void giveBack() {
        int size = entries.size();
        capacity = Math.min(capacity, Math.max(Math.min(FLOOR, maximum), Math.min(capacity, size) / 2));
        evictionsSinceGrowth = 0;
        if (size > capacity) {
            while (entries.size() > capacity) {
                removeEldest();
            }
            givenBack.add(size - capacity);
            log.info("Heap short after a collection: {} cache gave back {} of {} entries (bound {} of at most {})",
                    name, size - capacity, size, capacity, maximum);
        }
    }

    private void removeEldest() {
        Iterator<Object> eldestFirst = entries.keySet().iterator();
        eldestFirst.next();
        eldestFirst.remove();
    }
}
