package dev.prm.platform.clock;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** {@code event} mode: business time is the latest TimePassed tick; before the first one it is the epoch. */
public class EventBusinessClock implements BusinessClock {

    private final AtomicReference<Instant> now;

    public EventBusinessClock(Instant start) {
        this.now = new AtomicReference<>(start == null ? Instant.EPOCH : start);
    }

    @Override
    public Instant now() {
        return now.get();
    }

    /** @return whether the clock moved (it never goes back) */
    boolean moveTo(Instant next) {
        Instant before = now.getAndAccumulate(next, (current, candidate) -> candidate.isAfter(current) ? candidate : current);
        return next.isAfter(before);
    }
}
