package dev.prm.commission.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * B1 month ends: 00:00 UTC on the 1st. A month end closes the month before it: "the accrual for 2022-03"
 * is the one made at 2022-04-01T00:00Z.
 */
public final class MonthEnds {

    private MonthEnds() {
    }

    /** The first month end strictly after {@code t}: a deal closed exactly at 2022-04-01T00:00Z closed in April. */
    public static Instant nextAfter(Instant t) {
        LocalDate day = t.atOffset(ZoneOffset.UTC).toLocalDate();
        return day.withDayOfMonth(1).plusMonths(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    /** The month end that closes {@code month}: 2022-03 → 2022-04-01T00:00Z. */
    public static Instant closing(YearMonth month) {
        return month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    /** The month a month end closes: 2022-04-01T00:00Z → 2022-03. */
    public static YearMonth monthClosedBy(Instant monthEnd) {
        requireMonthEnd(monthEnd);
        return YearMonth.from(monthEnd.atOffset(ZoneOffset.UTC)).minusMonths(1);
    }

    /** The month ends in (after, upTo], oldest first. */
    public static List<Instant> between(Instant after, Instant upTo) {
        List<Instant> monthEnds = new ArrayList<>();
        for (Instant monthEnd = nextAfter(after); !monthEnd.isAfter(upTo); monthEnd = plusMonths(monthEnd, 1)) {
            monthEnds.add(monthEnd);
        }
        return monthEnds;
    }

    /** Whole months from one month end to a later one: 2022-04-01 → 2023-04-01 is 12. */
    public static long monthsBetween(Instant fromMonthEnd, Instant toMonthEnd) {
        return ChronoUnit.MONTHS.between(YearMonth.from(fromMonthEnd.atOffset(ZoneOffset.UTC)),
                YearMonth.from(toMonthEnd.atOffset(ZoneOffset.UTC)));
    }

    public static Instant plusMonths(Instant monthEnd, long months) {
        return monthEnd.atOffset(ZoneOffset.UTC).plusMonths(months).toInstant();
    }

    /** The latest month end at or before {@code t}. */
    public static Instant latestAtOrBefore(Instant t) {
        return t.atOffset(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    public static boolean isMonthEnd(Instant t) {
        return latestAtOrBefore(t).equals(t);
    }

    private static void requireMonthEnd(Instant t) {
        if (!isMonthEnd(t)) {
            throw new IllegalArgumentException(t + " is not a month end (00:00 UTC on the 1st)");
        }
    }
}
