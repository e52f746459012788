package dev.prm.registration.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.prm.contracts.Tier;

/**
 * The program's default registration configuration (SPEC R2, R6): the cap tables as versions with their
 * effective dates. A further change is one more version, not a code change.
 */
public final class ProgramDefaults {

    public static final Instant CAPS_CUT = Instant.parse("2022-02-01T00:00:00Z");
    public static final Instant CAPS_CUT_DEADLINE = Instant.parse("2022-04-01T00:00:00Z");
    public static final Duration OVER_CAP_GRACE = Duration.ofDays(60);

    private ProgramDefaults() {
    }

    public static CapTables capTables() {
        CapTable original = new CapTable("caps-original", Instant.MIN, Map.of(
                Tier.ELITE, 1000, Tier.DIAMOND, 1000, Tier.PLATINUM, 500, Tier.GOLD, 500, Tier.SOLUTIONS_PARTNER, 50),
                25, null);
        CapTable cut2022 = new CapTable("caps-2022-02-01", CAPS_CUT, Map.of(
                Tier.ELITE, 175, Tier.DIAMOND, 75, Tier.PLATINUM, 25, Tier.GOLD, 15, Tier.SOLUTIONS_PARTNER, 10),
                5, CAPS_CUT_DEADLINE);
        return new CapTables(java.util.List.of(original, cut2022));
    }

    public static RegistrationRules rules() {
        return new RegistrationRules(capTables(), OVER_CAP_GRACE);
    }
}
