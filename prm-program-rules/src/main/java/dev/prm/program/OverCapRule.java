package dev.prm.program;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * R6: entering or leaving over cap, one rule for registration-service (which decides it) and tier-service's policy
 * what-if (which replays it under a proposal).
 */
public final class OverCapRule {

    private final Duration grace;

    /** @param grace an over-cap period not caused by a new cap table ends its grace at start + this (60 days default) */
    public OverCapRule(Duration grace) {
        this.grace = grace;
    }

    public sealed interface CapChange {
        record Exceeded(int cap, int active, Instant since, Instant deadline) implements CapChange {
        }

        record Restored(int cap, int active, Instant restoredAt) implements CapChange {
        }
    }

    /**
     * Entering or leaving over cap at {@code at}. The deadline is the cap table's when a new table caused it
     * ({@code tableDeadline}), otherwise {@code at} + the grace period.
     */
    public Optional<CapChange> review(boolean overCap, int active, int cap, Instant at, Optional<Instant> tableDeadline) {
        if (!overCap && active > cap) {
            Instant deadline = tableDeadline.filter(at::isBefore).orElse(at.plus(grace));
            return Optional.of(new CapChange.Exceeded(cap, active, at, deadline));
        }
        if (overCap && active <= cap) {
            return Optional.of(new CapChange.Restored(cap, active, at));
        }
        return Optional.empty();
    }
}
