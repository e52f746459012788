package dev.prm.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;

import dev.prm.platform.metrics.StageCpu.Stage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class StageCpuTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final StageCpu stages = new StageCpu(registry);

    @Test
    void an_inner_stage_is_counted_for_itself_and_not_again_for_the_one_around_it() {
        long before = threadCpu();
        stages.measure(Stage.DECIDE, () -> {
            burn(30);
            stages.measureWithin(Stage.APPEND, () -> burn(60));
            burn(30);
        });
        long total = threadCpu() - before;

        long decide = stages.nanos(Stage.DECIDE);
        long append = stages.nanos(Stage.APPEND);
        assertThat(append).isGreaterThan(decide / 2); // 60 ms of work inside against 2 × 30 ms around it
        assertThat(decide).isGreaterThan(append / 4);
        assertThat(decide + append).isBetween(total * 9 / 10, total);
        assertThat(registry.get("prm.ingest.cpu").tag("stage", "append").functionCounter().count())
                .isEqualTo(append / 1e9);
    }

    @Test
    void an_append_outside_any_stage_is_not_counted() {
        stages.measureWithin(Stage.APPEND, () -> burn(20));

        assertThat(stages.nanos(Stage.APPEND)).isZero();
    }

    @Test
    void a_failing_stage_still_ends_and_the_next_one_starts_clean() {
        try {
            stages.measure(Stage.PARSE, () -> {
                burn(20);
                throw new IllegalStateException("bad record");
            });
        } catch (IllegalStateException expected) {
            // the stage has ended
        }
        long parse = stages.nanos(Stage.PARSE);
        stages.measure(Stage.DEDUPLICATE, () -> burn(20));

        assertThat(parse).isPositive();
        assertThat(stages.nanos(Stage.PARSE)).isEqualTo(parse);
        assertThat(stages.nanos(Stage.DEDUPLICATE)).isPositive();
    }

    private static long threadCpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** Spins on this thread's CPU clock for about {@code millis} of CPU. */
    static void burn(long millis) {
        long until = threadCpu() + millis * 1_000_000;
        long sink = 0;
        while (threadCpu() < until) {
            sink += System.nanoTime() % 7;
        }
        if (sink == -1) {
            throw new AssertionError();
        }
    }
}
