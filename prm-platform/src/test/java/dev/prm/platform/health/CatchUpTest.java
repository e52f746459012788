package dev.prm.platform.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class CatchUpTest {

    private static final TopicPartition DEALS_0 = new TopicPartition("deal-closed", 0);
    private static final TopicPartition DEALS_1 = new TopicPartition("deal-closed", 1);
    private static final TopicPartition TIME_0 = new TopicPartition("business-time", 0);

    @Test
    void lag_counts_what_the_group_has_not_committed_past_on_every_partition_including_never_read_ones() {
        assertThat(CatchUp.lag(Map.of(DEALS_0, 10L, DEALS_1, 4L, TIME_0, 0L), Map.of(DEALS_0, 7L))).isEqualTo(3 + 4);
        assertThat(CatchUp.lag(Map.of(DEALS_0, 10L), Map.of(DEALS_0, 10L))).isZero();
    }

    @Test
    void consumer_lag_zero_is_not_caught_up_while_a_processor_or_a_tick_trails() {
        assertThat(new CatchUp(0, Map.of("projection", 0L, "publisher", 0L), 0).caughtUp()).isTrue();
        assertThat(new CatchUp(0, Map.of("projection", 0L, "publisher", 12L), 0).caughtUp()).isFalse();
        assertThat(new CatchUp(0, Map.of("projection", 0L), 1).caughtUp()).isFalse();
        assertThat(new CatchUp(5, Map.of("projection", 0L), 0).caughtUp()).isFalse();
    }
}
