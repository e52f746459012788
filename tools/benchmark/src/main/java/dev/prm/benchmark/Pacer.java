package dev.prm.benchmark;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop pacing: the i-th send is due at {@code start + i / rate}, whatever happened to the ones before, so a
 * slow answer never delays the next request (no coordinated omission). Latency is measured from the due time.
 */
final class Pacer {

    private final long startNanos;
    private final double intervalNanos;

    Pacer(long startNanos, double perSecond) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive, was " + perSecond);
        }
        this.startNanos = startNanos;
        this.intervalNanos = 1e9 / perSecond;
    }

    /** When send {@code i} (from 0) is due. */
    long dueNanos(long i) {
        return startNanos + Math.round(i * intervalNanos);
    }

    /** How many sends are due at {@code nowNanos} (send 0 is due at the start). */
    long dueBy(long nowNanos) {
        if (nowNanos < startNanos) {
            return 0;
        }
        return (long) Math.floor((nowNanos - startNanos) / intervalNanos) + 1;
    }

    /** Sends in a phase of {@code length}: those due strictly before its end. */
    long sendsIn(Duration length) {
        return (long) Math.ceil(length.toNanos() / intervalNanos);
    }

    /** Parks until send {@code i} is due (at once when it is late); answers its due time. */
    long awaitDue(long i) {
        long due = dueNanos(i);
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
        return due;
    }
}
