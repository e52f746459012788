package dev.prm.platform.metrics;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * CPU time of the ingestion path by stage ({@code prm_ingest_cpu_seconds_total{stage}}), read from each thread's own
 * CPU clock, so the benchmark can show where an inbound event's microseconds go. Exclusive: the time of a stage
 * entered inside another (an append inside a decision) is counted once, for the inner one.
 */
public final class StageCpu {

    /** Stages of one event's way in; an event's cost per stage is its counter's increase over the events taken in. */
    public enum Stage {
        PARSE, DEDUPLICATE, DECIDE, APPEND,
        /** The transaction around decisions: recording the ids applied, and the commit. */
        COMMIT,
        DEAD_LETTER;

        String tag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int MAX_DEPTH = 8;

    private final Map<Stage, LongAdder> nanos = new EnumMap<>(Stage.class);
    private final ThreadLocal<Clock> clocks = ThreadLocal.withInitial(Clock::new);
    private final boolean supported;

    public StageCpu(MeterRegistry registry) {
        this.supported = THREADS.isCurrentThreadCpuTimeSupported();
        for (Stage stage : Stage.values()) {
            LongAdder spent = new LongAdder();
            nanos.put(stage, spent);
            FunctionCounter.builder("prm.ingest.cpu", spent, adder -> adder.sum() / 1e9)
                    .description("CPU time of the ingestion path by stage, on the threads that ran it")
                    .baseUnit("seconds")
                    .tag("stage", stage.tag())
                    .register(registry);
        }
    }

    public <T> T measure(Stage stage, Supplier<T> work) {
        if (!supported) {
            return work.get();
        }
        Clock clock = clocks.get();
        clock.enter(stage);
        try {
            return work.get();
        } finally {
            clock.exit();
        }
    }

    public void measure(Stage stage, Runnable work) {
        measure(stage, () -> {
            work.run();
            return null;
        });
    }

    /** Counted only inside another stage of this thread (an append from an ingestion batch, not one of a month-end step). */
    public void measureWithin(Stage stage, Runnable work) {
        if (supported && clocks.get().depth > 0) {
            measure(stage, work);
        } else {
            work.run();
        }
    }

    long nanos(Stage stage) {
        return nanos.get(stage).sum();
    }

    /** The stages this thread is in, innermost last; the time since {@code mark} belongs to the innermost. */
    private final class Clock {
        private final Stage[] stack = new Stage[MAX_DEPTH];
        private int depth;
        private long mark;

        void enter(Stage stage) {
            long now = THREADS.getCurrentThreadCpuTime();
            if (depth > 0) {
                charge(stack[depth - 1], now);
            }
            if (depth == MAX_DEPTH) {
                throw new IllegalStateException("stages nested deeper than " + MAX_DEPTH);
            }
            stack[depth++] = stage;
            mark = now;
        }

        void exit() {
            long now = THREADS.getCurrentThreadCpuTime();
            charge(stack[--depth], now);
            stack[depth] = null;
            mark = now;
        }

        private void charge(Stage stage, long now) {
            nanos.get(stage).add(Math.max(0, now - mark));
        }
    }
}
