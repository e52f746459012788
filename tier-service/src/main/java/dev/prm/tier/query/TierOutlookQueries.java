package dev.prm.tier.query;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.prm.contracts.Tier;
import dev.prm.tier.domain.PointsSummary;
import dev.prm.tier.domain.TierCalendar;
import dev.prm.tier.domain.TierOutlook;
import dev.prm.tier.domain.Windows;

/**
 * Issue 18: the tier outlook from the read models (dated points, recorded evaluations, tier changes), no aggregate
 * replay, with the {@link TierOutlook} rule the month-end check uses.
 */
@Component
public class TierOutlookQueries {

    private final PartnerFactsRepository facts;
    private final TierOutlook outlooks;
    private final TierCalendar calendar;
    private final JdbcTemplate jdbc;

    TierOutlookQueries(PartnerFactsRepository facts, TierOutlook outlooks, TierCalendar calendar, JdbcTemplate jdbc) {
        this.facts = facts;
        this.outlooks = outlooks;
        this.calendar = calendar;
        this.jdbc = jdbc;
    }

    public Optional<TierOutlookView> outlook(String partnerId, Instant asOf) {
        Optional<PartnerFactsRepository.FactsAt> known = facts.factsAt(partnerId, asOf);
        if (known.isEmpty()) {
            return Optional.empty();
        }
        PartnerFactsRepository.FactsAt now = known.get();
        TierOutlook.Outlook outlook = outlooks.at(new TierOutlook.Standing(asOf, now.tier(), now.firstSeen(), now.deals(),
                now.accounts(), evaluations(partnerId, asOf, now.firstSeen())));
        TierOutlook.MonthEnd monthEnd = outlook.nextMonthEnd();
        TierOutlook.Reevaluation reevaluation = outlook.nextReevaluation();
        TierOutlook.Gap toKeep = outlook.toKeep();
        return Optional.of(new TierOutlookView(partnerId, asOf, outlook.tier(), outlook.atRisk(),
                new TierOutlookView.MonthEnd(monthEnd.at(), monthEnd.tier(), monthEnd.qualifiedTier(),
                        TierQueries.totals(monthEnd.points()), monthEnd.thresholdsVersion(), gaps(monthEnd.tiers())),
                new TierOutlookView.Reevaluation(reevaluation.at(), reevaluation.tier(), reevaluation.decidedBy(),
                        reevaluation.settled(), toKeep.missingPoints(), toKeep.missingSoldPoints(), gaps(reevaluation.tiers()))));
    }

    /**
     * The monthly evaluations of the next re-evaluation's window up to asOf, as recorded. A month end not recorded (asOf
     * ahead of business time) is evaluated from the facts dated at or before it, as its step will (a read per such month).
     */
    private NavigableMap<Instant, TierOutlook.Evaluation> evaluations(String partnerId, Instant asOf, Instant firstSeen) {
        Instant windowStart = Windows.monthsBefore(calendar.nextReevaluation(asOf), TierCalendar.REEVALUATION_WINDOW_MONTHS);
        NavigableMap<Instant, TierOutlook.Evaluation> evaluations = new TreeMap<>();
        jdbc.query("""
                        select month_end, qualified_tier, sold12m, sold6m, managed from month_evaluation
                        where partner_id = ? and month_end > ? and month_end <= ?""",
                row -> {
                    evaluations.put(row.getTimestamp("month_end").toInstant(), new TierOutlook.Evaluation(
                            Tier.valueOf(row.getString("qualified_tier")), new PointsSummary(row.getBigDecimal("sold12m"),
                            row.getBigDecimal("sold6m"), row.getBigDecimal("managed"))));
                }, partnerId, Timestamp.from(windowStart), Timestamp.from(asOf));
        for (Instant monthEnd = Windows.nextMonthEnd(windowStart); !monthEnd.isAfter(asOf); monthEnd = Windows.nextMonthEnd(monthEnd)) {
            if (!evaluations.containsKey(monthEnd) && !firstSeen.isAfter(monthEnd)) {
                PartnerFactsRepository.FactsAt then = facts.factsAt(partnerId, monthEnd).orElseThrow();
                evaluations.put(monthEnd, outlooks.evaluate(monthEnd, then.deals(), then.accounts()));
            }
        }
        return evaluations;
    }

    private static List<TierOutlookView.TierGap> gaps(List<TierOutlook.Gap> gaps) {
        return gaps.stream().map(gap -> new TierOutlookView.TierGap(gap.tier(), gap.totalPoints(), gap.minimumSold(),
                gap.missingPoints(), gap.missingSoldPoints(), gap.by())).toList();
    }
}
