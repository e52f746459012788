package dev.prm.platform.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionSynchronizationUtils;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Entries here are {@code Versioned} values; the "event store" is a map of each aggregate's last sequence number. */
class CheckoutAggregateCacheTest {

    record Versioned(String state, long version) {
    }

    private final Map<String, Long> store = new ConcurrentHashMap<>();
    private final AtomicInteger storeReads = new AtomicInteger();
    private final AggregateVersionCheck versionCheck = new AggregateVersionCheck(id -> {
        storeReads.incrementAndGet();
        return store.getOrDefault(id, -1L);
    }, entry -> ((Versioned) entry).version());
    private final ThreadLocal<Boolean> ingesting = ThreadLocal.withInitial(() -> true);
    private final ManualHeapPressure heap = new ManualHeapPressure();
    private final CheckoutAggregateCache cache = new CheckoutAggregateCache("Partner", 100, heap, ingesting::get,
            versionCheck);
    private final ExecutorService otherThread = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        otherThread.shutdownNow();
    }

    @Test
    void a_thread_reads_back_what_it_wrote_and_committed() {
        write("P1", "v0", 0);

        assertThat(state("P1")).isEqualTo("v0");
    }

    @Test
    void another_thread_uses_the_entry_once_it_is_committed() {
        write("P1", "v0", 0);

        assertThat(onOtherThread(() -> state("P1"))).isEqualTo("v0");
    }

    @Test
    void an_entry_a_transaction_uses_is_checked_out_until_it_commits_so_no_other_thread_sees_its_uncommitted_state() {
        write("P1", "v0", 0);
        CompletableFuture<String> seenMeanwhile = new CompletableFuture<>();

        inTransaction(() -> {
            cache.get("P1");
            cache.put("P1", new Versioned("v1 uncommitted", 1));
            seenMeanwhile.complete(onOtherThread(() -> inTransactionReturning(() -> state("P1"))));
        }, TransactionSynchronization.STATUS_COMMITTED);
        store.put("P1", 1L);

        assertThat(seenMeanwhile.join()).as("a miss: read from the store instead").isNull();
        assertThat(onOtherThread(() -> inTransactionReturning(() -> state("P1")))).as("back after the commit")
                .isEqualTo("v1 uncommitted");
    }

    @Test
    void an_entry_read_outside_a_transaction_stays_available() {
        write("P1", "v0", 0);

        assertThat(state("P1")).isEqualTo("v0");
        assertThat(onOtherThread(() -> inTransactionReturning(() -> state("P1")))).isEqualTo("v0");
    }

    @Test
    void a_write_committed_by_any_other_writer_makes_the_entry_a_miss_without_a_reader_of_missed_events() {
        write("P1", "v0", 0);

        store.put("P1", 1L); // another thread, another instance's step, a REST request on another instance

        assertThat(state("P1")).isNull();
        assertThat(state("P1")).as("dropped, not asked about again").isNull();
    }

    @Test
    void a_write_elsewhere_that_rolled_back_leaves_the_entry_valid() {
        write("P1", "v0", 0);

        onOtherThread(() -> inTransaction(() -> cache.put("P1", new Versioned("v1", 1)), TransactionSynchronization.STATUS_ROLLED_BACK));

        assertThat(state("P1")).isEqualTo("v0");
    }

    @Test
    void a_rollback_drops_what_the_transaction_wrote_and_what_it_read() {
        write("P1", "v0", 0);
        write("P2", "v0", 0);

        inTransaction(() -> {
            cache.get("P1");
            cache.put("P3", new Versioned("uncommitted", 0));
            assertThat(state("P3")).as("its own uncommitted write, within the transaction").isEqualTo("uncommitted");
        }, TransactionSynchronization.STATUS_ROLLED_BACK);

        assertThat(state("P1")).as("read by the failed transaction, which may have changed it in place").isNull();
        assertThat(state("P3")).as("written by it: never stored").isNull();
        assertThat(state("P2")).isEqualTo("v0");
    }

    @Test
    void an_entry_is_checked_against_the_store_once_per_transaction() {
        write("P1", "v0", 0);
        storeReads.set(0);

        inTransaction(() -> {
            cache.get("P1");
            cache.get("P1");
            cache.put("P1", new Versioned("v1", 1));
            cache.get("P1");
        }, TransactionSynchronization.STATUS_COMMITTED);
        store.put("P1", 1L);
        assertThat(storeReads).as("one read in the transaction").hasValue(1);

        inTransaction(() -> cache.get("P1"), TransactionSynchronization.STATUS_COMMITTED);
        assertThat(storeReads).as("and one in the next").hasValue(2);
    }

    @Test
    void a_thread_that_does_not_cache_keeps_nothing() {
        String seenByRequestThread = onOtherThread(() -> {
            ingesting.set(false);
            inTransaction(() -> cache.put("P1", new Versioned("by request", 0)), TransactionSynchronization.STATUS_COMMITTED);
            return state("P1");
        });

        assertThat(seenByRequestThread).isNull();
        write("P2", "v0", 0);
        assertThat(onOtherThread(() -> {
            ingesting.set(false);
            return inTransactionReturning(() -> state("P2"));
        })).as("nor takes one").isNull();
        assertThat(inTransactionReturning(() -> state("P2"))).isEqualTo("v0");
    }

    @Test
    void hits_misses_and_stale_entries_are_counted_per_cache() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        cache.bindTo(registry);
        write("P1", "v0", 0);
        write("P2", "v0", 0);
        store.put("P2", 3L);

        cache.get("P1");
        cache.get("P3");
        cache.get("P1");
        cache.get("P2");

        assertThat(count(registry, "hit")).isEqualTo(2.0);
        assertThat(count(registry, "miss")).isEqualTo(1.0);
        assertThat(count(registry, "stale")).isEqualTo(1.0);
    }

    @Test
    void when_the_heap_is_short_the_cache_gives_back_half_its_entries_the_least_recently_used_first() {
        CheckoutAggregateCache large = new CheckoutAggregateCache("Partner", 1_000, heap, ingesting::get, versionCheck);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        large.bindTo(registry);
        for (int i = 0; i < 400; i++) {
            large.put("P" + i, new Versioned("v0", 0));
            store.put("P" + i, 0L);
        }
        onOtherThread(() -> IntStream.range(0, 300).forEach(i -> large.put("Q" + i, new Versioned("v0", 0))));
        large.get("P0"); // used again: now the most recent

        heap.heapShort();

        assertThat(large.capacity()).isEqualTo(350);
        assertThat(large.containsKey("P0")).isTrue();
        assertThat(large.containsKey("P1")).as("the least recently used").isFalse();
        assertThat(large.containsKey("Q299")).isTrue();
        assertThat(IntStream.range(0, 400).filter(i -> large.containsKey("P" + i)).count()
                + IntStream.range(0, 300).filter(i -> large.containsKey("Q" + i)).count()).isEqualTo(350);
        assertThat(registry.get("prm.aggregate.cache.given.back").tag("cache", "Partner").functionCounter().count())
                .isEqualTo(350.0);
    }

    private static double count(SimpleMeterRegistry registry, String result) {
        return registry.get("prm.aggregate.cache.requests").tag("cache", "Partner").tag("result", result).functionCounter().count();
    }

    /** A committed write: the store's last sequence number and this thread's entry agree. */
    private void write(String id, String state, long version) {
        inTransaction(() -> cache.put(id, new Versioned(state, version)), TransactionSynchronization.STATUS_COMMITTED);
        store.put(id, version);
    }

    private String state(String id) {
        Versioned found = cache.get(id);
        return found == null ? null : found.state();
    }

    /** What a Spring transaction does around its synchronizations, ending with {@code status}. */
    private static void inTransaction(Runnable work, int status) {
        TransactionSynchronizationManager.initSynchronization();
        try {
            work.run();
            var synchronizations = TransactionSynchronizationManager.getSynchronizations();
            if (status == TransactionSynchronization.STATUS_COMMITTED) {
                TransactionSynchronizationUtils.invokeAfterCommit(synchronizations);
            }
            TransactionSynchronizationUtils.invokeAfterCompletion(synchronizations, status);
        } finally {
            TransactionSynchronizationManager.clearSynchronization();
        }
    }

    private static <T> T inTransactionReturning(Supplier<T> work) {
        List<T> result = new ArrayList<>(1);
        inTransaction(() -> result.add(work.get()), TransactionSynchronization.STATUS_COMMITTED);
        return result.getFirst();
    }

    private <T> T onOtherThread(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, otherThread).join();
    }

    private void onOtherThread(Runnable work) {
        CompletableFuture.runAsync(work, otherThread).join();
    }
}
