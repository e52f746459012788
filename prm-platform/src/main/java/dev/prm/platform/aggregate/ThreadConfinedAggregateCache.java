package dev.prm.platform.aggregate;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * thread, another instance or a REST request is caught up with the events it missed (or, when it cannot be, read
 * from the store again). A transaction that rolls
 * back drops every entry it read or wrote (Axon applies events to the cached object itself).
 * <p>
 * Only threads for which {@code cachingThread} answers true keep entries (the Kafka ingestion threads): request
 * threads are many and short-lived.
 * <p>
 * When the heap is short ({@link HeapPressure}) every thread's bound halves, an idle thread's too (the tick releaser
 * holds every partner after a month end): each thread's entries have a lock, which only the JVM's notification
 * thread ever contends.
 */
public class ThreadConfinedAggregateCache implements Cache, MeterBinder {

    private final String name;
    private final int maxEntriesPerThread;
    private final BooleanSupplier cachingThread;
    private final AggregateVersionCheck versionCheck;
    private final ThreadLocal<ThreadEntries> perThread = new ThreadLocal<>();
    /** Every thread's entries, for the collector's notification thread to trim those of idle threads too. */
    private final Set<ThreadEntries> allThreads = ConcurrentHashMap.newKeySet();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder stale = new LongAdder();
    private final LongAdder caughtUp = new LongAdder();
    private final LongAdder givenBack = new LongAdder();

    /** Entries on the Kafka ingestion threads only. @param name the aggregate type, the {@code cache} tag of its counts */
    public static ThreadConfinedAggregateCache forIngestionThreads(String name, int maxEntriesPerThread,
                                                                   HeapPressure heapPressure,
                                                                   AggregateVersionCheck versionCheck) {
        return new ThreadConfinedAggregateCache(name, maxEntriesPerThread, heapPressure,
                IngestionPipeline::onIngestionThread, versionCheck);
    }

    /**
     * @param name                the aggregate type, the {@code cache} tag of its counts
     * @param maxEntriesPerThread the bound of each thread's entries while the heap is not short
     */
    public ThreadConfinedAggregateCache(String name, int maxEntriesPerThread, HeapPressure heapPressure,
                                        BooleanSupplier cachingThread, AggregateVersionCheck versionCheck) {
        this.name = name;
        this.maxEntriesPerThread = maxEntriesPerThread;
        this.cachingThread = cachingThread;
        this.versionCheck = versionCheck;
        heapPressure.whenShort(this::giveBack);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        ThreadEntries entries = entries();
        if (entries == null) {
            return null;
        }
        Object found = entries.get(key);
        if (found == null) {
            misses.increment();
            return null;
        }
        entries.touched(key);
        Object current = versionCheck.current(key, found);
        if (current == null) {
            stale.increment();
            entries.remove(key);
        } else if (current != found) {
            caughtUp.increment();
            entries.replace(key, current);
        } else {
            hits.increment();
        }
        return (V) current;
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
        return entries != null && entries.remove(key);
    }

    /** This thread's entries; other threads check theirs against the store. */
    @Override
    public void removeAll() {
        ThreadEntries entries = entries();
        if (entries != null) {
            entries.clear();
        }
    }

    /** Whether this thread holds an entry, current or not: asking the store is left to {@link #get}. */
    @Override
    public boolean containsKey(Object key) {
        ThreadEntries entries = entries();
        return entries != null && entries.containsKey(key);
    }

    /** A miss is a load from the event store: all of the aggregate's events read and applied again. */
    @Override
    public void bindTo(MeterRegistry registry) {
        for (var result : Map.of("hit", hits, "miss", misses, "stale", stale, "caught-up", caughtUp).entrySet()) {
            FunctionCounter.builder("prm.aggregate.cache.requests", result.getValue(), LongAdder::doubleValue)
                    .description("Aggregate loads on ingestion threads: in memory (hit), not (miss), in memory but "
                            + "overtaken in the event store by another writer and brought up with the events it missed "
                            + "(caught-up) or read again (stale)")
                    .tag("cache", name).tag("result", result.getKey())
                    .register(registry);
        }
        BoundedLru.registerGivenBack(registry, name, givenBack);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        return () -> true;
    }

    private void giveBack() {
        allThreads.removeIf(ThreadEntries::ownerEnded);
        allThreads.forEach(ThreadEntries::giveBack);
    }

    private ThreadEntries entries() {
        ThreadEntries entries = perThread.get();
        if (entries == null && cachingThread.getAsBoolean()) {
            entries = new ThreadEntries();
            perThread.set(entries);
            allThreads.add(entries);
        }
        return entries;
    }

    /** One thread's entries, and those its open transaction read or wrote (dropped if it rolls back). */
    private final class ThreadEntries implements TransactionSynchronization {

        /** Guarded by this: the owning thread uses it, and the collector's notification thread trims it. */
        private final BoundedLru lru = new BoundedLru(name + " (" + Thread.currentThread().getName() + ")",
                maxEntriesPerThread, givenBack);
        private final Set<Object> usedInTransaction = new HashSet<>();
        private final Thread owner = Thread.currentThread();
        private boolean inTransaction;

        synchronized Object get(Object key) {
            return lru.get(key);
        }

        void put(Object key, Object entry) {
            synchronized (this) {
                lru.put(key, entry);
            }
            touched(key);
        }

        synchronized void replace(Object key, Object entry) {
            lru.put(key, entry);
        }

        synchronized boolean remove(Object key) {
            return lru.remove(key);
        }

        synchronized void clear() {
            lru.clear();
        }

        synchronized boolean containsKey(Object key) {
            return lru.containsKey(key);
        }

        synchronized void giveBack() {
            lru.giveBack();
        }

        boolean ownerEnded() {
            return !owner.isAlive();
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
                usedInTransaction.forEach(this::remove);
            }
            usedInTransaction.clear();
            inTransaction = false;
        }
    }
}
