package dev.prm.commission.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * R7, C3: the periods in which a partner's commissions are held, each from a compliance deadline that
 * passed while the partner was over cap (inclusive) to its return at or under cap (exclusive).
 * <p>
 * An entry is held when its month end falls inside a period, whatever order the facts arrived in, unless
 * it only became known after the period ended (then there is nothing left to hold it for). It is HELD
 * until the period ends, then PAYABLE and listed as released. Nothing is ever forfeited.
 */
public final class HoldPeriods {

    public static final String REASON = "REGISTRATION_CAP_DEADLINE_PASSED";

    /** @param until {@code null} while the partner is still over cap */
    public record HoldPeriod(Instant since, Instant until) {

        public HoldPeriod {
            Objects.requireNonNull(since, "since");
            if (until != null && !until.isAfter(since)) {
                throw new IllegalArgumentException("a hold period ends after it starts");
            }
        }

        public boolean isOpen() {
            return until == null;
        }

        public boolean runsAt(Instant t) {
            return !t.isBefore(since) && (until == null || t.isBefore(until));
        }

        /** Whether an entry for {@code monthEnd}, known from {@code effectiveAt}, is held in this period. */
        public boolean holds(Instant monthEnd, Instant effectiveAt) {
            return runsAt(monthEnd) && (until == null || effectiveAt.isBefore(until));
        }
    }

    private static final HoldPeriods NONE = new HoldPeriods(List.of());

    private final List<HoldPeriod> periods;

    private HoldPeriods(List<HoldPeriod> periods) {
        this.periods = List.copyOf(periods);
    }

    public static HoldPeriods none() {
        return NONE;
    }

    public static HoldPeriods of(List<HoldPeriod> periods) {
        List<HoldPeriod> sorted = new ArrayList<>(periods);
        sorted.sort(Comparator.comparing(HoldPeriod::since));
        return new HoldPeriods(sorted);
    }

    /**
     * Derives the periods from the facts, by their effective times (B1), not their arrival: a deadline that
     * passes while no hold runs opens one; the next restoration closes it. A restoration at the very instant
     * of the deadline means the partner was not over cap when it passed: no hold.
     */
    public static HoldPeriods from(Collection<Instant> deadlinesPassed, Collection<Instant> restorations) {
        record Fact(Instant at, boolean deadline) {
        }
        List<Fact> facts = new ArrayList<>();
        deadlinesPassed.forEach(at -> facts.add(new Fact(at, true)));
        restorations.forEach(at -> facts.add(new Fact(at, false)));
        facts.sort(Comparator.comparing(Fact::at).thenComparing(fact -> !fact.deadline()));

        List<HoldPeriod> periods = new ArrayList<>();
        Instant openSince = null;
        for (Fact fact : facts) {
            if (fact.deadline() && openSince == null) {
                openSince = fact.at();
            } else if (!fact.deadline() && openSince != null) {
                if (fact.at().isAfter(openSince)) {
                    periods.add(new HoldPeriod(openSince, fact.at()));
                }
                openSince = null;
            }
        }
        if (openSince != null) {
            periods.add(new HoldPeriod(openSince, null));
        }
        return new HoldPeriods(periods);
    }

    public List<HoldPeriod> periods() {
        return periods;
    }

    /** The period running at {@code t}, if any. */
    public Optional<HoldPeriod> runningAt(Instant t) {
        return periods.stream().filter(period -> period.runsAt(t)).findFirst();
    }

    /** The period that holds an entry for {@code monthEnd} known from {@code effectiveAt}, if any. */
    public Optional<HoldPeriod> holding(Instant monthEnd, Instant effectiveAt) {
        return periods.stream().filter(period -> period.holds(monthEnd, effectiveAt)).findFirst();
    }

    /** C3: the status at {@code asOf} of an entry for {@code monthEnd} known from {@code effectiveAt}. */
    public EntryStatus statusAt(Instant monthEnd, Instant effectiveAt, Instant asOf) {
        return holding(monthEnd, effectiveAt)
                .map(period -> period.until() == null || asOf.isBefore(period.until())
                        ? new EntryStatus(CommissionStatus.HELD, period.since(), null)
                        : new EntryStatus(CommissionStatus.PAYABLE, period.since(), period.until()))
                .orElse(EntryStatus.PAYABLE);
    }
}
