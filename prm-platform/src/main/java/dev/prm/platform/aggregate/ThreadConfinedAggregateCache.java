package dev.prm.platform.aggregate;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.prm.platform.ingest.IngestionPipeline;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Aggregates kept in memory per ingestion thread, for services whose aggregates are guarded by the event store's
 * unique (aggregate, sequence) key alone, with no in-JVM lock.
 * <p>
 * A thread reads only entries it put itself, so it never builds on another thread's uncommitted events. Each entry
 * is checked against the event store once per transaction ({@link AggregateVersionCheck}): a write by another
 * thread, another instance or a REST request makes it a miss, read from the store again. A transaction that rolls
 * back drops every entry it read or wrote (Axon applies events to the cached object itself).
 * <p>
 * Only threads for which {@code cachingThread} answers true keep entries (the Kafka ingestion threads): request
 * threads are many and short-lived.
 */
public class ThreadConfinedAggregateCache implements Cache, MeterBinder {

    private final String name;
    private final int maxEntriesPerThread;
    private final BooleanSupplier cachingThread;
    private final AggregateVersionCheck versionCheck;
    private final ThreadLocal<ThreadEntries> perThread = new ThreadLocal<>();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder stale = new LongAdder();

    /** Entries on the Kafka ingestion threads only. @param name the aggregate type, the {@code cache} tag of its counts */
    public static ThreadConfinedAggregateCache forIngestionThreads(String name, int maxEntriesPerThread,
                                                                   AggregateVersionCheck versionCheck) {
        return new ThreadConfinedAggregateCache(name, maxEntriesPerThread, IngestionPipeline::onIngestionThread, versionCheck);
    }

    /** @param name the aggregate type, the {@code cache} tag of its hit and miss counts */
    public ThreadConfinedAggregateCache(String name, int maxEntriesPerThread, BooleanSupplier cachingThread,
                                        AggregateVersionCheck versionCheck) {
        this.name = name;
        this.maxEntriesPerThread = maxEntriesPerThread;
        this.cachingThread = cachingThread;
        this.versionCheck = versionCheck;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        ThreadEntries entries = entries();
        if (entries == null) {
            return null;
        }
        Object found = entries.lru.get(key);
        if (found == null) {
            misses.increment();
            return null;
        }
        entries.touched(key);
        if (!versionCheck.isCurrent(key, found)) {
            stale.increment();
            entries.lru.remove(key);
            return null;
        }
        hits.increment();
        return (V) found;
    }

    @Override
    public void put(Object key, Object value) {
        ThreadEntries entries = entries();
        if (entries != null) {
            entries.put(key, value);
            versionCheck.confirmed(key);
        }
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        if (containsKey(key)) {
            return false;
        }
        put(key, value);
        return true;
    }

    @Override
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        T found = get(key);
        if (found != null) {
            return found;
        }
        T value = valueSupplier.get();
        put(key, value);
        return value;
    }

    @Override
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        V found = get(key);
        if (found != null) {
            put(key, update.apply(found));
        }
    }

    @Override
    public boolean remove(Object key) {
        ThreadEntries entries = entries();
        return entries != null && entries.lru.remove(key) != null;
    }

    /** This thread's entries; other threads check theirs against the store. */
    @Override
    public void removeAll() {
        ThreadEntries entries = entries();
        if (entries != null) {
            entries.lru.clear();
        }
    }

    /** Whether this thread holds an entry, current or not: asking the store is left to {@link #get}. */
    @Override
    public boolean containsKey(Object key) {
        ThreadEntries entries = entries();
        return entries != null && entries.lru.containsKey(key);
    }

    /** A miss is a load from the event store: all of the aggregate's events read and applied again. */
    @Override
    public void bindTo(MeterRegistry registry) {
        for (var result : Map.of("hit", hits, "miss", misses, "stale", stale).entrySet()) {
            FunctionCounter.builder("prm.aggregate.cache.requests", result.getValue(), LongAdder::doubleValue)
                    .description("Aggregate loads on ingestion threads: in memory (hit), not (miss), in memory but "
                            + "overtaken in the event store by another writer (stale)")
                    .tag("cache", name).tag("result", result.getKey())
                    .register(registry);
        }
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        return () -> true;
    }

    private ThreadEntries entries() {
        ThreadEntries entries = perThread.get();
        if (entries == null && cachingThread.getAsBoolean()) {
            entries = new ThreadEntries();
            perThread.set(entries);
        }
        return entries;
    }

    /** One thread's entries, and those its open transaction read or wrote (dropped if it rolls back). */
    private final class ThreadEntries implements TransactionSynchronization {

        private final Map<Object, Object> lru = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
                return size() > maxEntriesPerThread;
            }
        };
        private final Set<Object> usedInTransaction = new HashSet<>();
        private boolean inTransaction;

        void put(Object key, Object entry) {
            lru.put(key, entry);
            touched(key);
        }

        void touched(Object key) {
            if (joinTransaction()) {
                usedInTransaction.add(key);
            }
        }

        private boolean joinTransaction() {
            if (inTransaction) {
                return true;
            }
            if (!TransactionSynchronizationManager.isSynchronizationActive()) {
                return false;
            }
            TransactionSynchronizationManager.registerSynchronization(this);
            inTransaction = true;
            return true;
        }

        @Override
        public void afterCompletion(int status) {
            if (status != STATUS_COMMITTED) {
                usedInTransaction.forEach(lru::remove);
            }
            usedInTransaction.clear();
            inTransaction = false;
        }
    }
}
