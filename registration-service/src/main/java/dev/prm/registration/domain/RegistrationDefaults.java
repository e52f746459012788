package dev.prm.registration.domain;

import java.time.Duration;
import java.time.Instant;

import dev.prm.program.CapTables;
import dev.prm.program.ProgramCaps;

/**
 * The program's default registration configuration (SPEC R2, R6): the cap tables as versions with their
 * effective dates. A further change is one more version, not a code change.
 */
public final class RegistrationDefaults {

    public static final Instant CAPS_CUT = ProgramCaps.CAPS_CUT;
    public static final Instant CAPS_CUT_DEADLINE = ProgramCaps.CAPS_CUT_DEADLINE;
    public static final Duration OVER_CAP_GRACE = ProgramCaps.OVER_CAP_GRACE;

    private RegistrationDefaults() {
    }

    /** R2: the program's cap tables, shared with tier-service's policy what-if. */
    public static CapTables capTables() {
        return ProgramCaps.table();
    }

    public static RegistrationRules rules() {
        return new RegistrationRules(capTables(), OVER_CAP_GRACE);
    }
}
