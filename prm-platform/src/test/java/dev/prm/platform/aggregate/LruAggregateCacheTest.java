package dev.prm.platform.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Entries are the sequence numbers they were built from; the "event store" is a map of each aggregate's last one. */
class LruAggregateCacheTest {

    private final Map<String, Long> store = new HashMap<>();
    private final LruAggregateCache cache = new LruAggregateCache(2,
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
}
