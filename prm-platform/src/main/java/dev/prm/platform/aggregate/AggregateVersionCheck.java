package dev.prm.platform.aggregate;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.ToLongFunction;

import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Whether a cached aggregate is still the one in the event store: its last sequence number is the store's.
 * <p>
 * A cache cannot see every writer. Another instance takes the month-end step for every partner, a REST request on
 * another instance decides for a partner, either instance claims a domain. A stale entry whose decision appends
 * events collides with the store's unique (aggregate, sequence) key and is retried, but a decision that appends
 * nothing (a refusal because the domain seems held, an expiry not seen as due) would stand on state that is gone.
 * So the first use of an entry in each transaction asks the store for the aggregate's last sequence number, one
 * indexed lookup against the stream read it saves. Later uses in the same transaction, and the transaction's own
 * writes, are not asked again: a concurrent writer from then on collides on the key.
 */
public class AggregateVersionCheck {

    /** The last sequence number stored for an aggregate, -1 if it has no events. */
    @FunctionalInterface
    public interface StoredVersions {
        long latest(String aggregateId);

        /** Of several aggregates at once; by default one by one. */
        default Map<String, Long> latest(Collection<String> aggregateIds) {
            Map<String, Long> versions = new HashMap<>();
            aggregateIds.forEach(id -> versions.put(id, latest(id)));
            return versions;
        }
    }

    /** The events an aggregate stored after a version, as its repository would read them (upcast, deserialised). */
    @FunctionalInterface
    public interface MissedEvents {
        DomainEventStream after(String aggregateId, long version);
    }

    private static final VarHandle CACHED_VERSION = cacheEntryField("version", Long.class);
    private static final VarHandle CACHED_AGGREGATE = cacheEntryField("aggregate", EventSourcedAggregate.class);

    private final StoredVersions stored;
    private final ToLongFunction<Object> cachedVersion;
    private final MissedEvents missedEvents;
    private final ThreadLocal<InTransaction> inTransaction = new ThreadLocal<>();

    /** Checks Axon's cache entries against this service's event store; overtaken ones are dropped. */
    public static AggregateVersionCheck against(JdbcTemplate jdbc) {
        return against(jdbc, null);
    }

    /** Checks Axon's cache entries against this service's event store; overtaken ones catch up with {@code missedEvents}. */
    public static AggregateVersionCheck against(JdbcTemplate jdbc, MissedEvents missedEvents) {
        return new AggregateVersionCheck(new StoredVersions() {
            @Override
            public long latest(String aggregateId) {
                Long latest = jdbc.queryForObject("select max(sequencenumber) from domainevententry where aggregateidentifier = ?",
                        Long.class, aggregateId);
                return latest == null ? -1 : latest;
            }

            @Override
            public Map<String, Long> latest(Collection<String> aggregateIds) {
                Map<String, Long> versions = new HashMap<>();
                jdbc.query(connection -> {
                    var statement = connection.prepareStatement("""
                            select k.id, (select max(sequencenumber) from domainevententry where aggregateidentifier = k.id)
                            from unnest(?::varchar[]) as k(id)""");
                    statement.setArray(1, connection.createArrayOf("varchar", aggregateIds.toArray()));
                    return statement;
                }, row -> {
                    long latest = row.getLong(2);
                    boolean none = row.wasNull(); // before the next column is read
                    versions.put(row.getString(1), none ? -1 : latest);
                });
                return versions;
            }
        }, AggregateVersionCheck::versionOf, missedEvents);
    }

    /** @param cachedVersion the last sequence number a cache entry was built from */
    public AggregateVersionCheck(StoredVersions stored, ToLongFunction<Object> cachedVersion) {
        this(stored, cachedVersion, null);
    }

    /** @param missedEvents reads what an overtaken entry missed; {@code null}: such entries are dropped */
    public AggregateVersionCheck(StoredVersions stored, ToLongFunction<Object> cachedVersion, MissedEvents missedEvents) {
        this.stored = stored;
        this.cachedVersion = cachedVersion;
        this.missedEvents = missedEvents;
    }

    StoredVersions storedVersions() {
        return stored;
    }

    public boolean isCurrent(Object key, Object entry) {
        return current(key, entry) == entry;
    }

    /**
     * The entry if it is the latest; if another writer overtook it (the month-end step on another thread, another
     * instance), the entry with the events it missed applied, as a load would apply the whole stream, so a partner of
     * years is not read again for one event; {@code null} when it cannot be brought up (then the repository reads the
     * stream). An event that fails to apply fails the load: the transaction rolls back, and the cache drops what it used.
     */
    public Object current(Object key, Object entry) {
        InTransaction known = inTransaction.get();
        if (known != null && known.confirmed().contains(key)) {
            return entry;
        }
        Long prefetched = known == null ? null : known.prefetched().get(key.toString());
        long latest = prefetched != null ? prefetched : stored.latest(key.toString());
        long cached = cachedVersion.applyAsLong(entry);
        Object current = latest == cached ? entry : latest > cached ? caughtUp(key.toString(), entry, cached) : null;
        if (current != null) {
            confirmed(key);
        }
        return current;
    }

    private Object caughtUp(String aggregateId, Object entry, long cached) {
        if (missedEvents == null || cached < 0 || !(entry instanceof AggregateCacheEntry<?> cacheEntry)) {
            return null;
        }
        EventSourcedAggregate<?> aggregate = (EventSourcedAggregate<?>) CACHED_AGGREGATE.get(cacheEntry);
        if (aggregate == null) {
            return null; // an entry read back from a serialised cache has no live aggregate
        }
        DomainEventStream missed = missedEvents.after(aggregateId, cached);
        if (!missed.hasNext() || missed.peek().getSequenceNumber() != cached + 1) {
            return null;
        }
        aggregate.initializeState(missed);
        return new AggregateCacheEntry<>(aggregate);
    }

    /**
     * The stored versions of the aggregates a transaction is about to decide for, in one query instead of one per
     * aggregate at its first use (an ingestion transaction's hundred events, a month-end step's every partner). Read in
     * the same transaction as those uses: the same guarantee, a few milliseconds earlier.
     */
    public void prefetch(Collection<String> aggregateIds) {
        InTransaction known = current();
        if (known != null && !aggregateIds.isEmpty()) {
            known.prefetched().putAll(stored.latest(aggregateIds));
        }
    }

    /**
     * The repository's {@code loadOrCreate}, without its event-store read when this transaction read ahead that the
     * aggregate has no stored event (a domain first claimed, a partner first seen): it is created at once. Only the
     * first time in the transaction; later, Axon's unit of work holds it (or, after a rollback, the store is read).
     * A writer that stores the aggregate meanwhile collides on the (aggregate, sequence) key, as for a cached entry.
     */
    public <T> Aggregate<T> loadOrCreate(Repository<T> repository, String aggregateId, Callable<T> factory) throws Exception {
        InTransaction known = inTransaction.get();
        if (known != null && known.prefetched().remove(aggregateId, -1L)) { // taken: from now on the unit of work holds it
            return repository.newInstance(factory);
        }
        return repository.loadOrCreate(aggregateId, factory);
    }

    /** The entry was just written by this transaction: it is the latest as far as the transaction can tell. */
    public void confirmed(Object key) {
        InTransaction known = current();
        if (known != null) {
            known.confirmed().add(key);
        }
    }

    /** What this thread's transaction knows, dropped when it completes; none outside a transaction. */
    private InTransaction current() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        InTransaction known = inTransaction.get();
        if (known == null) {
            known = new InTransaction(new HashSet<>(), new HashMap<>());
            inTransaction.set(known);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    inTransaction.remove();
                }
            });
        }
        return known;
    }

    /** Entries confirmed current, and the stored versions read ahead, in one transaction. */
    private record InTransaction(Set<Object> confirmed, Map<String, Long> prefetched) {
    }

    /** Axon keeps an entry's version to itself; a renamed field fails {@code AggregateVersionCheckTest}, not production. */
    static long versionOf(Object entry) {
        Long version = (Long) CACHED_VERSION.get((AggregateCacheEntry<?>) entry);
        return version == null ? -1 : version;
    }

    private static VarHandle cacheEntryField(String name, Class<?> type) {
        try {
            return MethodHandles.privateLookupIn(AggregateCacheEntry.class, MethodHandles.lookup())
                    .findVarHandle(AggregateCacheEntry.class, name, type);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
