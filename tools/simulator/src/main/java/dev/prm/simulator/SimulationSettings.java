package dev.prm.simulator;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * What the CRM simulator generates. The same settings give the same history, byte for byte.
 *
 * @param seed                 everything random derives from it: partners, amounts, times, event ids
 * @param partners             how many partners take part (about 70 % enrolled in the first month, the rest join later)
 * @param months               how many months of history, each closed by a TimePassed tick at its month end
 * @param start                the first month; the default 2022-01 sees the 2022 cap table take effect (SPEC R2)
 * @param eventsPerMonth       partner activity per month (deals, accounts, registrations, direct owners); enrolments,
 *                             planned over-cap scenarios, ticks, redeliveries and malformed messages come on top
 * @param emergingMarketShare  share of partners based in an emerging market (SPEC T4); most customers are local
 * @param providerShare        share of partners of kind PROVIDER
 * @param overCapShare         share of partners that register far more domains than their cap will allow (SPEC R6, R7)
 * @param redeliveryShare      share of facts delivered twice with the same id (SPEC §4)
 * @param malformedShare       share of facts followed by a malformed message on the same topic (dead letters, SPEC §4)
 * @param midMonthTicks        also tick at 00:00 UTC on the 15th (re-evaluations on Jan 15 and Jul 15 fall on time, SPEC T8)
 * @param conflictsPerMonth    how many times a month each arrival-order conflict of SPEC B3 is staged on purpose (two
 *                             partners asking for one domain, requests around a release and around direct owners, a
 *                             deal amended into another currency, facts right after the month end); 0 by default
 */
public record SimulationSettings(long seed, int partners, int months, YearMonth start, int eventsPerMonth,
                                 double emergingMarketShare, double providerShare, double overCapShare,
                                 double redeliveryShare, double malformedShare, boolean midMonthTicks,
                                 int conflictsPerMonth) {

    public static final YearMonth DEFAULT_START = YearMonth.of(2022, 1);
    public static final int DEFAULT_EVENTS_PER_PARTNER_AND_MONTH = 5;

    public SimulationSettings {
        if (partners < 1) {
            throw new IllegalArgumentException("partners must be at least 1, was " + partners);
        }
        if (months < 1) {
            throw new IllegalArgumentException("months must be at least 1, was " + months);
        }
        if (eventsPerMonth < 0) {
            throw new IllegalArgumentException("events per month must not be negative, was " + eventsPerMonth);
        }
        if (conflictsPerMonth < 0) {
            throw new IllegalArgumentException("conflicts per month must not be negative, was " + conflictsPerMonth);
        }
        requireShare("emerging-market share", emergingMarketShare);
        requireShare("provider share", providerShare);
        requireShare("over-cap share", overCapShare);
        requireShare("redelivery share", redeliveryShare);
        requireShare("malformed share", malformedShare);
        if (start == null) {
            throw new IllegalArgumentException("start month is required");
        }
    }

    /** Without conflicts staged on purpose: the history {@code bin/simulate} has always generated. */
    public SimulationSettings(long seed, int partners, int months, YearMonth start, int eventsPerMonth,
                              double emergingMarketShare, double providerShare, double overCapShare,
                              double redeliveryShare, double malformedShare, boolean midMonthTicks) {
        this(seed, partners, months, start, eventsPerMonth, emergingMarketShare, providerShare, overCapShare,
                redeliveryShare, malformedShare, midMonthTicks, 0);
    }

    /** The defaults of {@code bin/simulate}: five activity events per partner and month, a quarter in emerging markets. */
    public static SimulationSettings defaults(long seed, int partners, int months) {
        return new SimulationSettings(seed, partners, months, DEFAULT_START, DEFAULT_EVENTS_PER_PARTNER_AND_MONTH * partners,
                0.25, 0.15, 0.03, 0.01, 0.0, false);
    }

    public SimulationSettings withStart(YearMonth value) {
        return new SimulationSettings(seed, partners, months, value, eventsPerMonth, emergingMarketShare, providerShare,
                overCapShare, redeliveryShare, malformedShare, midMonthTicks, conflictsPerMonth);
    }

    public SimulationSettings withEventsPerMonth(int value) {
        return new SimulationSettings(seed, partners, months, start, value, emergingMarketShare, providerShare,
                overCapShare, redeliveryShare, malformedShare, midMonthTicks, conflictsPerMonth);
    }

    public SimulationSettings withEmergingMarketShare(double value) {
        return new SimulationSettings(seed, partners, months, start, eventsPerMonth, value, providerShare,
                overCapShare, redeliveryShare, malformedShare, midMonthTicks, conflictsPerMonth);
    }

    public SimulationSettings withProviderShare(double value) {
        return new SimulationSettings(seed, partners, months, start, eventsPerMonth, emergingMarketShare, value,
                overCapShare, redeliveryShare, malformedShare, midMonthTicks, conflictsPerMonth);
    }

    public SimulationSettings withOverCapShare(double value) {
        return new SimulationSettings(seed, partners, months, start, eventsPerMonth, emergingMarketShare, providerShare,
                value, redeliveryShare, malformedShare, midMonthTicks, conflictsPerMonth);
    }

    public SimulationSettings withRedeliveryShare(double value) {
        return new SimulationSettings(seed, partners, months, start, eventsPerMonth, emergingMarketShare, providerShare,
                overCapShare, value, malformedShare, midMonthTicks, conflictsPerMonth);
    }

    public SimulationSettings withMalformedShare(double value) {
        return new SimulationSettings(seed, partners, months, start, eventsPerMonth, emergingMarketShare, providerShare,
                overCapShare, redeliveryShare, value, midMonthTicks, conflictsPerMonth);
    }

    public SimulationSettings withMidMonthTicks(boolean value) {
        return new SimulationSettings(seed, partners, months, start, eventsPerMonth, emergingMarketShare, providerShare,
                overCapShare, redeliveryShare, malformedShare, value, conflictsPerMonth);
    }

    public SimulationSettings withConflictsPerMonth(int value) {
        return new SimulationSettings(seed, partners, months, start, eventsPerMonth, emergingMarketShare, providerShare,
                overCapShare, redeliveryShare, malformedShare, midMonthTicks, value);
    }

    /** 00:00 UTC on the first day of {@link #start()}: the opening tick. */
    public Instant startInstant() {
        return start.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    /** The last month end: business time after the last tick. */
    public Instant endInstant() {
        return start.plusMonths(months).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    private static void requireShare(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, was " + value);
        }
    }
}
