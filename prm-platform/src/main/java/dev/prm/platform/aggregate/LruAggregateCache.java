package dev.prm.platform.aggregate;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Keeps the most recently used aggregates in memory, up to a bound, so a busy partner is not re-read from the
 * event store for each event (Axon's weak-reference cache loses them at the next collection); the bound halves
 * when the heap is short ({@link HeapPressure}). Entries written by a batch that rolls back are dropped by a
 * {@link BatchRollbackHook} calling {@link #removeAll()}. An entry another instance has overtaken in the event
 * store (its month-end step) catches up with the events it missed, or is a miss: see {@link AggregateVersionCheck}.
 */
public class LruAggregateCache implements Cache, MeterBinder {

    private final String name;
    private final BoundedLru entries;
    private final LongAdder givenBack = new LongAdder();
    private final AggregateVersionCheck versionCheck;

    /** @param name the aggregate type, the {@code cache} tag of its counts */
    public LruAggregateCache(String name, int maxEntries, HeapPressure heapPressure, AggregateVersionCheck versionCheck) {
        this.name = name;
        this.versionCheck = versionCheck;
        this.entries = new BoundedLru(name, maxEntries, givenBack);
        heapPressure.whenShort(this::giveBack);
    }

    private synchronized void giveBack() {
        entries.giveBack();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        Object found;
        synchronized (this) {
            found = entries.get(key);
        }
        if (found == null) {
            return null;
        }
        Object current = versionCheck.current(key, found);
        if (current != found) {
            synchronized (this) {
                if (current == null) {
                    entries.remove(key);
                } else {
                    entries.put(key, current);
                }
            }
        }
        return (V) current;
    }

    @Override
    public void put(Object key, Object value) {
        synchronized (this) {
            entries.put(key, value);
        }
        versionCheck.confirmed(key);
    }

    @Override
    public synchronized boolean putIfAbsent(Object key, Object value) {
        if (entries.containsKey(key)) {
            return false;
        }
        entries.put(key, value);
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        Object found = entries.get(key);
        if (found == null) {
            found = valueSupplier.get();
            entries.put(key, found);
        }
        return (T) found;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        Object found = entries.get(key);
        if (found != null) {
            entries.put(key, update.apply((V) found));
        }
    }

    @Override
    public synchronized boolean remove(Object key) {
        return entries.remove(key);
    }

    @Override
    public synchronized void removeAll() {
        entries.clear();
    }

    @Override
    public synchronized boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    /** The bound now: the configured maximum unless the heap was short. */
    public synchronized int capacity() {
        return entries.capacity();
    }

    /** Nothing listens to aggregate cache entries here. */
    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        return () -> true;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        BoundedLru.registerGivenBack(registry, name, givenBack);
    }
}
