package dev.prm.platform.clock;

import java.time.Instant;

/**
 * Business time (SPEC B1): every rule that depends on "now" asks this clock, never the wall clock.
 * In {@code system} mode it is the wall clock; in {@code event} mode it is the latest TimePassed tick.
 */
public interface BusinessClock {

    Instant now();

    enum Mode {
        SYSTEM,
        EVENT
    }
}
