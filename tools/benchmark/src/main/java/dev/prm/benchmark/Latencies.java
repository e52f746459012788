package dev.prm.benchmark;

import java.time.Duration;
import java.util.Locale;

import org.HdrHistogram.Histogram;

/**
 * Latencies in microseconds, from 1 µs to one hour with 3 significant digits (HdrHistogram); values beyond are
 * clamped to the top. Thread-safe.
 */
final class Latencies {

    private static final long HIGHEST_MICROS = Duration.ofHours(1).toNanos() / 1000;

    private final Histogram histogram = new Histogram(1, HIGHEST_MICROS, 3);

    synchronized void recordNanos(long nanos) {
        histogram.recordValue(Math.min(HIGHEST_MICROS, Math.max(1, nanos / 1000)));
    }

    synchronized Summary summary() {
        if (histogram.getTotalCount() == 0) {
            return new Summary(0, 0, 0, 0, 0);
        }
        return new Summary(histogram.getTotalCount(), histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(99),
                histogram.getValueAtPercentile(99.9), histogram.getMaxValue());
    }

    /** Microseconds. */
    record Summary(long count, long p50, long p99, long p999, long max) {

        /** {@code p50 12.3 ms · p99 45 ms · max 1.20 s}. */
        String text() {
            if (count == 0) {
                return "no samples";
            }
            return "p50 " + millis(p50) + " · p99 " + millis(p99) + " · max " + millis(max);
        }
    }

    /** Three significant figures: {@code 0.84 ms}, {@code 12.3 ms}, {@code 456 ms}, {@code 1.23 s}, {@code 61.2 s}. */
    static String millis(long micros) {
        double ms = micros / 1000.0;
        if (ms < 10) {
            return String.format(Locale.ROOT, "%.2f ms", ms);
        }
        if (ms < 100) {
            return String.format(Locale.ROOT, "%.1f ms", ms);
        }
        if (ms < 1000) {
            return String.format(Locale.ROOT, "%.0f ms", ms);
        }
        double s = ms / 1000;
        return s < 10 ? String.format(Locale.ROOT, "%.2f s", s) : s < 100 ? String.format(Locale.ROOT, "%.1f s", s)
                : String.format(Locale.ROOT, "%.0f s", s);
    }
}
