package dev.prm.platform.aggregate;

import java.util.HashMap;
import java.util.Map;
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
 * Aggregates kept in memory for services whose aggregates are guarded by the event store's unique (aggregate,
 * sequence) key alone, with no in-JVM lock: several ingestion threads (consumers, the tick releaser) share one
 * bounded set of entries, and a transaction <em>checks an entry out</em> for its duration.
 * <p>
 * Axon applies events to the cached object itself, and an ingestion transaction stays open across many commands.
 * So an entry a transaction uses leaves the shared set until the transaction ends: no other thread can build on
 * its uncommitted events. It comes back when the transaction commits and is dropped when it rolls back. A thread
 * that wants an entry checked out elsewhere reads the aggregate from the event store; if both then append, the
 * store's key refuses the second, which is retried. Each entry is checked against the event store at its first use
 * in a transaction ({@link AggregateVersionCheck}): one another writer overtook catches up with the events it
 * missed (or, when it cannot be, is read from the store again).
 * <p>
 * One copy of each aggregate, not one per thread: the month-end step of commission-service touches every partner
 * on the tick releaser, and its consumers touch them again after it; per-thread copies held three times the
 * partners in the same heap. Only threads for which {@code cachingThread} answers true keep entries (the Kafka
 * ingestion threads): request threads are many, short-lived, and would take entries from them. When the heap is
 * short ({@link HeapPressure}) the bound halves.
 */
public class CheckoutAggregateCache implements Cache, MeterBinder {

    private final String name;
    private final BooleanSupplier cachingThread;
    private final AggregateVersionCheck versionCheck;
    /** Guarded by this. The entries no transaction has checked out. */
    private final BoundedLru available;
    private final ThreadLocal<CheckedOut> checkedOut = new ThreadLocal<>();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder stale = new LongAdder();
    private final LongAdder caughtUp = new LongAdder();
    private final LongAdder givenBack = new LongAdder();

    /** Entries on the Kafka ingestion threads only. @param name the aggregate type, the {@code cache} tag of its counts */
    public static CheckoutAggregateCache forIngestionThreads(String name, int maxEntries, HeapPressure heapPressure,
                                                             AggregateVersionCheck versionCheck) {
        return new CheckoutAggregateCache(name, maxEntries, heapPressure, IngestionPipeline::onIngestionThread, versionCheck);
    }

    /**
     * @param name       the aggregate type, the {@code cache} tag of its counts
     * @param maxEntries the bound while the heap is not short
     */
    public CheckoutAggregateCache(String name, int maxEntries, HeapPressure heapPressure, BooleanSupplier cachingThread,
                                  AggregateVersionCheck versionCheck) {
        this.name = name;
        this.cachingThread = cachingThread;
        this.versionCheck = versionCheck;
        this.available = new BoundedLru(name, maxEntries, givenBack);
        heapPressure.whenShort(this::giveBack);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        if (!cachingThread.getAsBoolean()) {
            return null;
        }
        CheckedOut transaction = transaction();
        if (transaction != null && transaction.entries.containsKey(key)) {
            hits.increment();
            return (V) transaction.entries.get(key);
        }
        Object found;
        synchronized (this) {
            found = available.get(key);
            if (found != null && transaction != null) {
                available.remove(key);
            }
        }
        if (found == null) {
            misses.increment();
            return null;
        }
        Object current = versionCheck.current(key, found);
        if (current == null) {
            stale.increment();
            if (transaction == null) {
                remove(key);
            }
            return null;
        }
        (current == found ? hits : caughtUp).increment();
        keep(transaction, key, current);
        return (V) current;
    }

    @Override
    public void put(Object key, Object value) {
        if (!cachingThread.getAsBoolean()) {
            return;
        }
        keep(transaction(), key, value);
        versionCheck.confirmed(key);
    }

    /** Into the transaction's entries while one is open, else back into the shared ones at once. */
    private void keep(CheckedOut transaction, Object key, Object entry) {
        if (transaction != null) {
            transaction.entries.put(key, entry);
        } else {
            synchronized (this) {
                available.put(key, entry);
            }
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
        CheckedOut transaction = checkedOut.get();
        boolean removed = transaction != null && transaction.entries.remove(key) != null;
        synchronized (this) {
            return available.remove(key) || removed;
        }
    }

    @Override
    public void removeAll() {
        CheckedOut transaction = checkedOut.get();
        if (transaction != null) {
            transaction.entries.clear();
        }
        synchronized (this) {
            available.clear();
        }
    }

    @Override
    public boolean containsKey(Object key) {
        CheckedOut transaction = checkedOut.get();
        if (transaction != null && transaction.entries.containsKey(key)) {
            return true;
        }
        synchronized (this) {
            return available.containsKey(key);
        }
    }

    /** The bound now: the configured maximum unless the heap was short. */
    public synchronized int capacity() {
        return available.capacity();
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

    private synchronized void giveBack() {
        available.giveBack();
    }

    /** This thread's open transaction's entries; none outside a transaction. */
    private CheckedOut transaction() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        CheckedOut transaction = checkedOut.get();
        if (transaction == null) {
            transaction = new CheckedOut();
            checkedOut.set(transaction);
            TransactionSynchronizationManager.registerSynchronization(transaction);
        }
        return transaction;
    }

    /** The entries one transaction holds: back when it commits, dropped when it does not. */
    private final class CheckedOut implements TransactionSynchronization {

        private final Map<Object, Object> entries = new HashMap<>();

        @Override
        public void afterCompletion(int status) {
            checkedOut.remove();
            if (status == STATUS_COMMITTED) {
                synchronized (CheckoutAggregateCache.this) {
                    entries.forEach(available::put);
                }
            }
        }
    }
}
