package dev.prm.platform.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** Entries are the sequence numbers they were built from; the "event store" is a map of each aggregate's last one. */
class LruAggregateCacheTest {

    private final Map<String, Long> store = new HashMap<>();
    private final ManualHeapPressure heap = new ManualHeapPressure();
    private final LruAggregateCache cache = new LruAggregateCache("Partner", 2, heap,
            new AggregateVersionCheck(id -> store.getOrDefault(id, -1L), entry -> (Long) entry));

    @Test
    void an_entry_another_instance_overtook_in_the_event_store_is_a_miss_and_is_dropped() {
        cache.put("P1", 4L);
        store.put("P1", 4L);
        assertThat((Long) cache.get("P1")).isEqualTo(4L);

        store.put("P1", 5L); // another instance's month-end step

        assertThat((Long) cache.get("P1")).isNull();
        assertThat(cache.containsKey("P1")).isFalse();
    }

    @Test
    void keeps_the_most_recently_used_entries_up_to_its_bound() {
        for (String id : new String[] {"P1", "P2"}) {
            cache.put(id, 0L);
            store.put(id, 0L);
        }
        cache.get("P1");
        cache.put("P3", 0L);

        assertThat(cache.containsKey("P1")).isTrue();
        assertThat(cache.containsKey("P2")).as("least recently used").isFalse();
    }

    @Test
    void when_the_heap_is_short_it_gives_back_half_its_entries_then_grows_back_one_for_every_four_evictions() {
        LruAggregateCache large = new LruAggregateCache("Partner", 1_000, heap,
                new AggregateVersionCheck(id -> store.getOrDefault(id, -1L), entry -> (Long) entry));
        for (int i = 0; i < 400; i++) {
            large.put("P" + i, 0L);
            store.put("P" + i, 0L);
        }
        large.get("P0");

        heap.heapShort();
        large.put("N0", 0L);

        assertThat(large.capacity()).isEqualTo(200);
        assertThat(large.containsKey("P0")).as("used last before the new entry").isTrue();
        assertThat(large.containsKey("P1")).isFalse();
        assertThat(IntStream.range(0, 400).filter(i -> large.containsKey("P" + i)).count()).isEqualTo(199);

        for (int i = 1; i <= 4; i++) {
            large.put("N" + i, 0L);
        }
        assertThat(large.capacity()).as("additive increase").isEqualTo(201);

        heap.heapShort();
        large.get("P0");
        assertThat(large.capacity()).as("multiplicative decrease, again").isEqualTo(100);
    }

    @Test
    void never_gives_back_below_a_floor() {
        for (int i = 0; i < 5; i++) {
            heap.heapShort();
            cache.put("P" + i, 0L);
        }
        assertThat(cache.capacity()).isEqualTo(2);
    }
}
