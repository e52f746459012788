package dev.prm.tier.domain;

import java.time.Instant;
import java.time.MonthDay;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * B1, T7, T8: the instants at which tiers are decided between two business times: every month end
 * (00:00 UTC on the 1st: monthly evaluation) and each re-evaluation day (default January 15 and July 15,
 * 00:00 UTC). When business time jumps several months at once, the decisions come in time order.
 */
public final class TierCalendar {

    public static final int REEVALUATION_WINDOW_MONTHS = 6;

    private final List<MonthDay> reevaluationDays;

    public TierCalendar(List<MonthDay> reevaluationDays) {
        this.reevaluationDays = List.copyOf(reevaluationDays);
    }

    public static TierCalendar programDefault() {
        return new TierCalendar(List.of(MonthDay.of(1, 15), MonthDay.of(7, 15)));
    }

    public enum Kind {
        MONTH_END,
        REEVALUATION
    }

    public record Decision(Kind kind, Instant at) {
    }

    /** Decisions in (previous, now]; none when {@code previous} is null (the first time time passes). */
    public List<Decision> between(Instant previous, Instant now) {
        List<Decision> decisions = new ArrayList<>();
        if (previous == null || !now.isAfter(previous)) {
            return decisions;
        }
        for (Instant monthEnd = Windows.nextMonthEnd(previous); !monthEnd.isAfter(now); monthEnd = Windows.nextMonthEnd(monthEnd)) {
            decisions.add(new Decision(Kind.MONTH_END, monthEnd));
        }
        int firstYear = previous.atOffset(ZoneOffset.UTC).getYear();
        int lastYear = now.atOffset(ZoneOffset.UTC).getYear();
        for (int year = firstYear; year <= lastYear; year++) {
            for (MonthDay day : reevaluationDays) {
                Instant at = day.atYear(year).atStartOfDay().toInstant(ZoneOffset.UTC);
                if (at.isAfter(previous) && !at.isAfter(now)) {
                    decisions.add(new Decision(Kind.REEVALUATION, at));
                }
            }
        }
        decisions.sort(Comparator.comparing(Decision::at).thenComparing(Decision::kind));
        return decisions;
    }

    /** The first re-evaluation day strictly after {@code t}. */
    public Instant nextReevaluation(Instant t) {
        return between(t, t.atOffset(ZoneOffset.UTC).plusYears(1).toInstant()).stream()
                .filter(decision -> decision.kind() == Kind.REEVALUATION)
                .findFirst().orElseThrow(() -> new IllegalStateException("no re-evaluation day configured"))
                .at();
    }

    /** T8: the monthly evaluations that count for a re-evaluation at {@code at} are those in (at − 6 months, at). */
    public static boolean countsFor(Instant evaluation, Instant reevaluation) {
        return evaluation.isBefore(reevaluation)
                && evaluation.isAfter(Windows.monthsBefore(reevaluation, REEVALUATION_WINDOW_MONTHS));
    }
}
