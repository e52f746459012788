package dev.prm.platform.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Against this JVM's own collector: whichever the test runs on must have a long-lived pool to watch. */
class CollectorHeapPressureTest {

    @Test
    void each_collection_that_leaves_the_old_generation_over_the_share_runs_the_actions() {
        AtomicInteger shortTimes = new AtomicInteger();
        try (CollectorHeapPressure pressure = new CollectorHeapPressure(Double.MIN_VALUE)) {
            pressure.whenShort(shortTimes::incrementAndGet);
            assertThat(pressure.watchedPools()).isNotEmpty();

            System.gc(); // a full collection: anything left in the old generation is over a threshold of one byte
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> shortTimes.get() >= 1);
            int afterOne = shortTimes.get();

            System.gc();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> shortTimes.get() > afterOne);
        }
    }

    @Test
    void a_share_outside_zero_to_one_is_refused() {
        assertThatThrownBy(() -> new CollectorHeapPressure(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CollectorHeapPressure(1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
