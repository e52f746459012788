package dev.prm.platform.config;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.prm.platform.clock.BusinessTimeStepObserver;
import dev.prm.platform.ingest.IngestionPipeline;
import dev.prm.platform.tx.AfterCommit;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Aggregates kept in memory per ingestion thread, for services whose aggregates are guarded by the event store's
 * unique (aggregate, sequence) key alone, with no in-JVM lock.
 * <p>
 * A thread reads only entries it put itself, so it never builds on another thread's uncommitted events. Each
 * committed write stamps the aggregate's slot; an entry whose stamp is no longer its slot's was overtaken by a write
 * on another thread (a month-end step, a REST request) and is read from the event store again. What no stamp can
 * show (another instance's write) collides with the stored sequence number instead: the transaction rolls back,
 * every entry it read or wrote is dropped, and the batch is retried. Slots are shared by hash, so a write can only
 * cost another aggregate a needless reload, never hide a change. A step of business time that another instance
 * took has written to every partner: every thread then starts afresh instead of colliding once per partner.
 * <p>
 * Only threads for which {@code cachingThread} answers true keep entries (the Kafka ingestion threads): request
 * threads are many, and a stale entry there would fail a user's request instead of a retried batch. Their writes
 * still stamp the slots.
 */
public class ThreadConfinedAggregateCache implements Cache, MeterBinder, BusinessTimeStepObserver {

    private static final int SLOTS = 1 << 18;

    private final String name;
    private final int maxEntriesPerThread;
    private final BooleanSupplier cachingThread;
    private final AtomicLongArray committedStamps = new AtomicLongArray(SLOTS);
    private final AtomicLong stamps = new AtomicLong();
    private final AtomicLong generation = new AtomicLong();
    private final ThreadLocal<ThreadEntries> perThread = new ThreadLocal<>();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    /** Entries on the Kafka ingestion threads only. @param name the aggregate type, the {@code cache} tag of its counts */
    public static ThreadConfinedAggregateCache forIngestionThreads(String name, int maxEntriesPerThread) {
        return new ThreadConfinedAggregateCache(name, maxEntriesPerThread, IngestionPipeline::onIngestionThread);
    }

    /** @param name the aggregate type, the {@code cache} tag of its hit and miss counts */
    public ThreadConfinedAggregateCache(String name, int maxEntriesPerThread, BooleanSupplier cachingThread) {
        this.name = name;
        this.maxEntriesPerThread = maxEntriesPerThread;
        this.cachingThread = cachingThread;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        ThreadEntries entries = entries();
        if (entries == null) {
            return null;
        }
        Stamped found = entries.current(key);
        (found == null ? misses : hits).increment();
        if (found == null) {
            return null;
        }
        entries.touched(key);
        return (V) found.value();
    }

    @Override
    public void put(Object key, Object value) {
        long stamp = stamps.incrementAndGet();
        ThreadEntries entries = entries();
        if (entries != null) {
            entries.put(key, new Stamped(value, stamp));
        } else {
            AfterCommit.run(() -> committedStamps.set(slot(key), stamp));
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

    /** This thread's entries; other threads check their entries' stamps on every read. */
    @Override
    public void removeAll() {
        ThreadEntries entries = entries();
        if (entries != null) {
            entries.clear();
        }
    }

    @Override
    public boolean containsKey(Object key) {
        ThreadEntries entries = entries();
        return entries != null && entries.current(key) != null;
    }

    @Override
    public void stepTakenElsewhere(Instant now) {
        generation.incrementAndGet();
    }

    /** A miss is a load from the event store: all of the aggregate's events read and applied again. */
    @Override
    public void bindTo(MeterRegistry registry) {
        for (var result : Map.of("hit", hits, "miss", misses).entrySet()) {
            FunctionCounter.builder("prm.aggregate.cache.requests", result.getValue(), LongAdder::doubleValue)
                    .description("Aggregate loads on ingestion threads, by whether the thread had the aggregate in memory")
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
        if (entries != null) {
            entries.forgetIfBehind(generation.get());
        }
        return entries;
    }

    private static int slot(Object key) {
        int hash = key.hashCode();
        return (hash ^ (hash >>> 16)) & (SLOTS - 1);
    }

    private record Stamped(Object value, long stamp) {
    }

    /** One thread's entries, and what its open transaction wrote (stamped when it commits) or read (dropped if it rolls back). */
    private final class ThreadEntries implements TransactionSynchronization {

        private final Map<Object, Stamped> lru = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Stamped> eldest) {
                return size() > maxEntriesPerThread;
            }
        };
        private final Map<Object, Long> written = new HashMap<>();
        private final Set<Object> read = new HashSet<>();
        private boolean inTransaction;
        private long generationSeen;

        /** Drops every committed entry once the cache's generation has moved on (its own uncommitted writes stay). */
        void forgetIfBehind(long current) {
            if (generationSeen != current) {
                generationSeen = current;
                lru.keySet().removeIf(key -> !written.containsKey(key));
            }
        }

        /** The entry, if no other thread has committed a write to its slot since it was put. */
        Stamped current(Object key) {
            Stamped entry = lru.get(key);
            if (entry == null || written.containsKey(key) || committedStamps.get(slot(key)) == entry.stamp()) {
                return entry;
            }
            lru.remove(key);
            return null;
        }

        void put(Object key, Stamped entry) {
            lru.put(key, entry);
            if (joinTransaction()) {
                written.put(key, entry.stamp());
            } else {
                committedStamps.set(slot(key), entry.stamp());
            }
        }

        void touched(Object key) {
            if (joinTransaction()) {
                read.add(key);
            }
        }

        boolean remove(Object key) {
            return lru.remove(key) != null;
        }

        void clear() {
            lru.clear();
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
            if (status == STATUS_COMMITTED) {
                written.forEach((key, stamp) -> committedStamps.set(slot(key), stamp));
            } else {
                written.keySet().forEach(lru::remove);
                read.forEach(lru::remove);
            }
            written.clear();
            read.clear();
            inTransaction = false;
        }
    }
}
