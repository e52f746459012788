package dev.prm.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.prm.contracts.PartnerKind;
import dev.prm.contracts.Tier;

/**
 * Who a simulated partner is and how it behaves; fixed for the whole history.
 *
 * @param activity          relative share of the month's activity (Pareto: a few partners do most of the business)
 * @param migratedTier      the tier its enrolment carries over from an earlier system (SPEC P1), or null
 * @param firstFactAt       when its first fact happens: its enrolment, or a few days before for a late enrolment
 * @param registrationLimit how many domains it keeps registered at most (it knows its cap, roughly)
 * @param overCap           the plan of a partner that will be over its cap, or null
 */
record PartnerProfile(int index, String partnerId, String name, PartnerKind kind, Country country, double activity,
                      Tier migratedTier, Instant enrolledAt, Instant firstFactAt, int registrationLimit, OverCapPlan overCap) {

    boolean enrolsLate() {
        return firstFactAt.isBefore(enrolledAt);
    }

    /**
     * A partner holding more registrations than its cap will allow (SPEC R6): it registers {@code domains} while the
     * cap allows, is over cap from {@code overCapFrom} (a new cap table, or a demotion at a re-evaluation), and its
     * commissions are held from {@code deadline} unless it releases in time (R7, C3).
     *
     * @param registerFrom when it asks for the first one; the others follow {@link #SPACING} apart
     * @param extendAt     when it extends every registration so they outlive the deadline (null: not needed)
     * @param releaseAt    when it releases down to {@link #KEEP} domains (null: never)
     */
    record OverCapPlan(int domains, Instant registerFrom, Instant overCapFrom, Instant deadline, ReleasePlan release,
                       Instant extendAt, Instant releaseAt) {

        /** What it keeps after releasing: under every cap of SPEC R2 but PROVIDER's. */
        static final int KEEP = 8;
        static final Duration SPACING = Duration.ofHours(4);

        /** When its first registration ends (SPEC R3, R4: 6 months, 9 once extended). */
        Instant firstExpiry() {
            return registerFrom.atZone(ZoneOffset.UTC).plusMonths(extendAt == null ? 6 : 9).toInstant();
        }
    }

    enum ReleasePlan {
        /** Releases two weeks before the deadline: over cap, never held. */
        IN_TIME("releases in time"),
        /** Releases after the first month end from the deadline: that month's accrual is held, then released (C3). */
        AFTER_DEADLINE("releases after the deadline"),
        /** Keeps everything: held until its registrations expire. */
        NEVER("stays over cap");

        private final String description;

        ReleasePlan(String description) {
            this.description = description;
        }

        String description() {
            return description;
        }
    }
}
