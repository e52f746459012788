package dev.prm.platform.clock;

import java.time.Clock;
import java.time.Instant;

/** {@code system} mode: business time is the wall clock. */
public class SystemBusinessClock implements BusinessClock {

    private final Clock wall;

    public SystemBusinessClock(Clock wall) {
        this.wall = wall;
    }

    @Override
    public Instant now() {
        return wall.instant();
    }
}
