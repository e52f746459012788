package dev.prm.tier.domain;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * T5 windows: a deal closed at c is in the n-month window at D when D − n months &lt; c ≤ D.
 * Months are calendar months in UTC; a day that does not exist in the target month falls back to the
 * month's last day (2024-02-29 minus 12 months is 2023-02-28).
 */
public final class Windows {

    private Windows() {
    }

    public static Instant monthsBefore(Instant d, int months) {
        return d.atOffset(ZoneOffset.UTC).minusMonths(months).toInstant();
    }

    public static boolean inWindow(Instant closedAt, Instant d, int months) {
        return closedAt.isAfter(monthsBefore(d, months)) && !closedAt.isAfter(d);
    }

    /** The first month end (00:00 UTC on the 1st) strictly after {@code t}. */
    public static Instant nextMonthEnd(Instant t) {
        var utc = t.atOffset(ZoneOffset.UTC);
        return utc.withDayOfMonth(1).toLocalDate().atStartOfDay().plusMonths(1).toInstant(ZoneOffset.UTC);
    }
}
