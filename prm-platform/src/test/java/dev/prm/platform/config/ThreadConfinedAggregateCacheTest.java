package dev.prm.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionSynchronizationUtils;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class ThreadConfinedAggregateCacheTest {

    private final ThreadLocal<Boolean> ingesting = ThreadLocal.withInitial(() -> true);
    private final ThreadConfinedAggregateCache cache = new ThreadConfinedAggregateCache("Partner", 100, ingesting::get);
    private final ExecutorService otherThread = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        otherThread.shutdownNow();
    }

    @Test
    void a_thread_reads_back_what_it_wrote_and_committed() {
        inTransaction(() -> cache.put("P1", "v1"), TransactionSynchronization.STATUS_COMMITTED);

        assertThat((String) cache.get("P1")).isEqualTo("v1");
    }

    @Test
    void another_thread_never_sees_an_entry_it_did_not_write() {
        inTransaction(() -> cache.put("P1", "v1"), TransactionSynchronization.STATUS_COMMITTED);

        assertThat(onOtherThread(() -> (String) cache.get("P1"))).isNull();
    }

    @Test
    void a_write_committed_on_another_thread_makes_this_threads_entry_a_miss() {
        inTransaction(() -> cache.put("P1", "v1"), TransactionSynchronization.STATUS_COMMITTED);

        onOtherThread(() -> inTransaction(() -> cache.put("P1", "v2"), TransactionSynchronization.STATUS_COMMITTED));

        assertThat((String) cache.get("P1")).isNull();
        assertThat(onOtherThread(() -> (String) cache.get("P1"))).isEqualTo("v2");
    }

    @Test
    void a_write_on_another_thread_that_rolled_back_leaves_this_threads_entry_valid() {
        inTransaction(() -> cache.put("P1", "v1"), TransactionSynchronization.STATUS_COMMITTED);

        onOtherThread(() -> inTransaction(() -> cache.put("P1", "v2"), TransactionSynchronization.STATUS_ROLLED_BACK));

        assertThat((String) cache.get("P1")).isEqualTo("v1");
    }

    @Test
    void a_rollback_drops_what_the_transaction_wrote_and_what_it_read() {
        inTransaction(() -> {
            cache.put("P1", "v1");
            cache.put("P2", "v1");
        }, TransactionSynchronization.STATUS_COMMITTED);

        inTransaction(() -> {
            cache.get("P1");
            cache.put("P3", "uncommitted");
            assertThat((String) cache.get("P3")).as("its own uncommitted write, within the transaction").isEqualTo("uncommitted");
        }, TransactionSynchronization.STATUS_ROLLED_BACK);

        assertThat((String) cache.get("P1")).as("read by the failed transaction: may be stale").isNull();
        assertThat((String) cache.get("P3")).as("written by it: never stored").isNull();
        assertThat((String) cache.get("P2")).isEqualTo("v1");
    }

    @Test
    void a_thread_that_does_not_cache_keeps_nothing_but_its_commits_invalidate_the_others() {
        inTransaction(() -> cache.put("P1", "v1"), TransactionSynchronization.STATUS_COMMITTED);

        String seenByRequestThread = onOtherThread(() -> {
            ingesting.set(false);
            inTransaction(() -> cache.put("P1", "by request"), TransactionSynchronization.STATUS_COMMITTED);
            return cache.get("P1");
        });

        assertThat(seenByRequestThread).isNull();
        assertThat((String) cache.get("P1")).isNull();
    }

    @Test
    void a_step_of_business_time_taken_by_another_instance_empties_every_thread() {
        inTransaction(() -> cache.put("P1", "v1"), TransactionSynchronization.STATUS_COMMITTED);
        onOtherThread(() -> inTransaction(() -> cache.put("P2", "v1"), TransactionSynchronization.STATUS_COMMITTED));

        cache.stepTakenElsewhere(java.time.Instant.parse("2026-02-01T00:00:00Z"));

        assertThat((String) cache.get("P1")).isNull();
        assertThat(onOtherThread(() -> (String) cache.get("P2"))).isNull();
        cache.put("P1", "v2");
        assertThat((String) cache.get("P1")).as("entries put after the step are kept").isEqualTo("v2");
    }

    @Test
    void hits_and_misses_are_counted_per_cache() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        cache.bindTo(registry);
        cache.put("P1", "v1");

        cache.get("P1");
        cache.get("P2");
        cache.get("P1");

        assertThat(registry.get("prm.aggregate.cache.requests").tag("cache", "Partner").tag("result", "hit").functionCounter().count())
                .isEqualTo(2.0);
        assertThat(registry.get("prm.aggregate.cache.requests").tag("result", "miss").functionCounter().count()).isEqualTo(1.0);
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

    private <T> T onOtherThread(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, otherThread).join();
    }

    private void onOtherThread(Runnable work) {
        CompletableFuture.runAsync(work, otherThread).join();
    }
}
