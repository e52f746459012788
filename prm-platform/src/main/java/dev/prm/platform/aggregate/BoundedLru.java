package dev.prm.platform.aggregate;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entries in access order within an {@link AdaptiveCapacity}: the least recently used go first, when a put finds the
 * cache full and when the heap is short. Not thread-safe: the caches that hold one use it under a lock.
 */
final class BoundedLru {

    private static final Logger log = LoggerFactory.getLogger(BoundedLru.class);

    private final String name;
    private final AdaptiveCapacity capacity;
    private final Map<Object, Object> entries = new LinkedHashMap<>(256, 0.75f, true);
    private final LongAdder givenBack;

    /** @param givenBack counts the entries given back because the heap was short (shared by a cache's threads) */
    BoundedLru(String name, int maximum, LongAdder givenBack) {
        this.name = name;
        this.capacity = new AdaptiveCapacity(maximum);
        this.givenBack = givenBack;
    }

    Object get(Object key) {
        return entries.get(key);
    }

    void put(Object key, Object value) {
        entries.put(key, value);
        if (entries.size() > capacity.capacity()) {
            removeEldest();
            capacity.evicted();
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
        return capacity.capacity();
    }

    /** The heap is short: halves the bound and drops the least recently used entries above it. */
    void giveBack() {
        int size = entries.size();
        int bound = capacity.halve(size);
        if (size > bound) {
            while (entries.size() > bound) {
                removeEldest();
            }
            givenBack.add(size - bound);
            log.info("Heap short after a collection: {} cache gave back {} of {} entries (bound {} of at most {})",
                    name, size - bound, size, bound, capacity.maximum());
        }
    }

    private void removeEldest() {
        Iterator<Object> eldestFirst = entries.keySet().iterator();
        eldestFirst.next();
        eldestFirst.remove();
    }
}
