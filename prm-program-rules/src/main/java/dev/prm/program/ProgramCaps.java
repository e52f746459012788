package dev.prm.program;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.prm.contracts.Tier;

/**
 * SPEC R2 default: the cap tables on active registrations, as versions with their effective dates and compliance
 * deadlines. registration-service enforces them; tier-service's policy what-if reads the cap a tier would give.
 */
public final class ProgramCaps {

    public static final Instant CAPS_CUT = Instant.parse("2022-02-01T00:00:00Z");
    public static final Instant CAPS_CUT_DEADLINE = Instant.parse("2022-04-01T00:00:00Z");
    /** R6: an over-cap period not caused by a new table gets its start + this as its deadline. */
    public static final Duration OVER_CAP_GRACE = Duration.ofDays(60);

    private ProgramCaps() {
    }

    public static CapTables table() {
        CapTable original = new CapTable("caps-original", Instant.MIN, Map.of(
                Tier.ELITE, 1000, Tier.DIAMOND, 1000, Tier.PLATINUM, 500, Tier.GOLD, 500, Tier.SOLUTIONS_PARTNER, 50),
                25, null);
        CapTable cut2022 = new CapTable("caps-2022-02-01", CAPS_CUT, Map.of(
                Tier.ELITE, 175, Tier.DIAMOND, 75, Tier.PLATINUM, 25, Tier.GOLD, 15, Tier.SOLUTIONS_PARTNER, 10),
                5, CAPS_CUT_DEADLINE);
        return new CapTables(List.of(original, cut2022));
    }
}
