package dev.prm.platform.aggregate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

/**
 * Keeps the most recently used aggregates in memory, up to a bound, so a busy partner is not re-read from the
 * event store for each event (Axon's weak-reference cache loses them at the next collection). Entries written
 * by a batch that rolls back are dropped by a {@link BatchRollbackHook} calling {@link #removeAll()}. An entry
 * another instance has overtaken in the event store (its month-end step) is a miss: see {@link AggregateVersionCheck}.
 */
public class LruAggregateCache implements Cache {

    private final Map<Object, Object> entries;
    private final AggregateVersionCheck versionCheck;

    public LruAggregateCache(int maxEntries, AggregateVersionCheck versionCheck) {
        this.versionCheck = versionCheck;
        this.entries = new LinkedHashMap<>(Math.min(maxEntries, 1 << 16), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
                return size() > maxEntries;
            }
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        Object found;
        synchronized (this) {
            found = entries.get(key);
        }
        if (found != null && !versionCheck.isCurrent(key, found)) {
            remove(key);
            return null;
        }
        return (V) found;
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
        return entries.putIfAbsent(key, value) == null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        return (T) entries.computeIfAbsent(key, ignored -> valueSupplier.get());
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        entries.computeIfPresent(key, (ignored, value) -> update.apply((V) value));
    }

    @Override
    public synchronized boolean remove(Object key) {
        return entries.remove(key) != null;
    }

    @Override
    public synchronized void removeAll() {
        entries.clear();
    }

    @Override
    public synchronized boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    /** Nothing listens to aggregate cache entries here. */
    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        return () -> true;
    }
}
