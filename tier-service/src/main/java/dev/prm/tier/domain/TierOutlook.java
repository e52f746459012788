package dev.prm.tier.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

import dev.prm.contracts.Tier;
import dev.prm.program.Versioned;

/**
 * Issue 18: where a partner's tier is heading if no new fact arrives after {@code asOf}. The decisions up to the next
 * month end (T7) and the next re-evaluation (T8) are made in time order as the live ones are, with the same calculator,
 * tables and {@link TierDecisions}: deals leave the window as the months pass, accounts stay as they stand at asOf,
 * each month end uses the threshold table in force then, and the monthly evaluations already recorded in the
 * re-evaluation's window count as recorded. So an outlook taken with no later fact comes true.
 * <p>
 * Gaps: what new facts would need to add to a month end's points for a tier. For the re-evaluation, a tier some
 * evaluation of the window reaches (recorded or to come) misses nothing; otherwise the gap is taken at the month end
 * still to come that needs the fewest points (a deal dated by then counts there); when none is left the outcome is
 * settled and the gap is the shortfall of the window's last evaluation.
 */
public final class TierOutlook {

    private static final BigDecimal ZERO = BigDecimal.ZERO.setScale(PointsPolicy.POINTS_SCALE);

    private final PointsCalculator calculator;
    private final ThresholdCatalog catalog;
    private final TierCalendar calendar;

    public TierOutlook(PointsCalculator calculator, ThresholdCatalog catalog, TierCalendar calendar) {
        this.calculator = calculator;
        this.catalog = catalog;
        this.calendar = calendar;
    }

    /** A monthly evaluation: the tier qualified for and the points behind it. */
    public record Evaluation(Tier qualifiedTier, PointsSummary points) {
    }

    /**
     * What is known at {@code asOf}. Only facts dated at or before it count (B3): deals closed by then, each with the
     * MRR in force at asOf; account periods active at asOf, taken to last; monthly evaluations recorded up to asOf.
     * {@code existsSince}: the partner's first fact (null: none); months before it are not evaluated (T7).
     */
    public record Standing(Instant asOf, Tier tier, Instant existsSince, Collection<DealFacts> deals,
                           Collection<AccountPeriod> accounts, NavigableMap<Instant, Evaluation> evaluations) {
    }

    /** A tier's requirement at the month end {@code by} and what is missing of it (null {@code by}: no month end counts). */
    public record Gap(Tier tier, BigDecimal totalPoints, BigDecimal minimumSold, BigDecimal missingPoints,
                      BigDecimal missingSoldPoints, Instant by) {

        public boolean met() {
            return missingPoints.signum() == 0 && missingSoldPoints.signum() == 0;
        }
    }

    /** The next month end: the tier after it, the qualified tier and points it would record, the gap per tier. */
    public record MonthEnd(Instant at, Tier tier, Tier qualifiedTier, PointsSummary points, String thresholdsVersion,
                           List<Gap> tiers) {
    }

    /**
     * The next re-evaluation: the tier it would give; {@code decidedBy} the evaluation behind it (null: none in the
     * window, the tier stays); {@code settled} when no month end is left before it; the gap per tier.
     */
    public record Reevaluation(Instant at, Tier tier, Instant decidedBy, boolean settled, List<Gap> tiers) {
    }

    public record Outlook(Instant asOf, Tier tier, MonthEnd nextMonthEnd, Reevaluation nextReevaluation) {

        /** The re-evaluation would give less than the tier held at asOf. */
        public boolean atRisk() {
            return tier.isAbove(nextReevaluation.tier());
        }

        /** What the re-evaluation asks to keep the tier held at asOf (nothing for SOLUTIONS_PARTNER). */
        public Gap toKeep() {
            return nextReevaluation.tiers().stream().filter(gap -> gap.tier() == tier).findFirst()
                    .orElse(new Gap(tier, ZERO, ZERO, ZERO, ZERO, null));
        }
    }

    public Outlook at(Standing standing) {
        Instant asOf = standing.asOf();
        List<DealFacts> deals = standing.deals().stream().filter(deal -> !deal.closedAt().isAfter(asOf)).toList();
        List<AccountPeriod> accounts = standing.accounts().stream().filter(account -> account.activeAt(asOf))
                .map(account -> account.endedAt(null)).toList();
        boolean exists = standing.existsSince() != null && !standing.existsSince().isAfter(asOf);
        NavigableMap<Instant, Evaluation> evaluations = new TreeMap<>(standing.evaluations().headMap(asOf, true));
        NavigableMap<Instant, Evaluation> toCome = new TreeMap<>();
        Versioned<ThresholdTable> tables = catalog.thresholds();

        Instant reevaluationDay = calendar.nextReevaluation(asOf);
        Instant monthEndDay = Windows.nextMonthEnd(asOf);
        Tier tier = standing.tier();
        MonthEnd monthEnd = null;
        Reevaluation reevaluation = null;
        for (TierCalendar.Decision decision : calendar.between(asOf, reevaluationDay.isAfter(monthEndDay) ? reevaluationDay : monthEndDay)) {
            Instant at = decision.at();
            if (decision.kind() == TierCalendar.Kind.MONTH_END) {
                Versioned.Version<ThresholdTable> table = tables.versionAt(at);
                PointsSummary points = calculator.summaryAt(at, deals, accounts);
                Tier qualified = table.value().qualifiedTier(points); // T7 as EvaluateMonth records it
                if (exists) {
                    Evaluation evaluation = new Evaluation(qualified, points);
                    evaluations.put(at, evaluation);
                    toCome.put(at, evaluation);
                    tier = TierDecisions.monthly(tier, qualified).orElse(tier);
                }
                if (monthEnd == null) {
                    monthEnd = new MonthEnd(at, tier, qualified, points, table.id(),
                            eachTier(candidate -> gap(candidate, table.value(), points, at)));
                }
            } else if (reevaluation == null) {
                Optional<Map.Entry<Instant, Tier>> best = TierDecisions.semiannual(qualifiedTiers(evaluations), at);
                Tier inForce = tier;
                tier = best.map(Map.Entry::getValue).orElse(tier);
                reevaluation = new Reevaluation(at, tier, best.map(Map.Entry::getKey).orElse(null), toCome.isEmpty(),
                        eachTier(candidate -> reevaluationGap(candidate, at, inForce, evaluations, toCome, tables)));
            }
        }
        return new Outlook(asOf, standing.tier(), monthEnd, reevaluation);
    }

    /** T7's evaluation at a month end from the facts as they stood then, as its step records it. */
    public Evaluation evaluate(Instant monthEnd, Collection<DealFacts> deals, Collection<AccountPeriod> accounts) {
        PointsSummary points = calculator.summaryAt(monthEnd, deals, accounts);
        return new Evaluation(catalog.thresholds().at(monthEnd).qualifiedTier(points), points);
    }

    /** The gap of a tier for the re-evaluation at {@code at} (see the class comment). */
    private static Gap reevaluationGap(Tier candidate, Instant at, Tier inForce, NavigableMap<Instant, Evaluation> evaluations,
                                       NavigableMap<Instant, Evaluation> toCome, Versioned<ThresholdTable> tables) {
        NavigableMap<Instant, Evaluation> window = new TreeMap<>();
        evaluations.forEach((monthEnd, evaluation) -> {
            if (TierCalendar.countsFor(monthEnd, at)) {
                window.put(monthEnd, evaluation);
            }
        });
        if (window.isEmpty()) {
            // T8: no evaluation, the tier stays
            Gap full = gap(candidate, tables.at(at), PointsSummary.ZERO, null);
            return candidate.isAbove(inForce) ? full
                    : new Gap(candidate, full.totalPoints(), full.minimumSold(), ZERO, ZERO, null);
        }
        for (Map.Entry<Instant, Evaluation> evaluation : window.entrySet()) {
            if (!candidate.isAbove(evaluation.getValue().qualifiedTier())) {
                return gap(candidate, tables.at(evaluation.getKey()), evaluation.getValue().points(), evaluation.getKey());
            }
        }
        NavigableMap<Instant, Evaluation> chances = toCome.isEmpty() ? window.tailMap(window.lastKey(), true) : toCome;
        return chances.entrySet().stream()
                .map(chance -> gap(candidate, tables.at(chance.getKey()), chance.getValue().points(), chance.getKey()))
                .min(Comparator.comparing((Gap gap) -> gap.missingPoints().max(gap.missingSoldPoints()))
                        .thenComparing(gap -> gap.missingPoints().add(gap.missingSoldPoints())))
                .orElseThrow();
    }

    private static Gap gap(Tier tier, ThresholdTable table, PointsSummary points, Instant by) {
        Requirement requirement = table.requirement(tier).orElseThrow();
        return new Gap(tier, requirement.totalPoints(), requirement.minimumSold(),
                missing(requirement.totalPoints(), points.total12m()), missing(requirement.minimumSold(), points.sold12m()), by);
    }

    private static BigDecimal missing(BigDecimal required, BigDecimal have) {
        return required.subtract(have).max(ZERO);
    }

    private static List<Gap> eachTier(Function<Tier, Gap> gap) {
        List<Gap> gaps = new ArrayList<>();
        for (Tier tier : Tier.values()) {
            if (tier != Tier.SOLUTIONS_PARTNER) {
                gaps.add(gap.apply(tier));
            }
        }
        return List.copyOf(gaps);
    }

    private static NavigableMap<Instant, Tier> qualifiedTiers(NavigableMap<Instant, Evaluation> evaluations) {
        NavigableMap<Instant, Tier> qualified = new TreeMap<>();
        evaluations.forEach((monthEnd, evaluation) -> qualified.put(monthEnd, evaluation.qualifiedTier()));
        return qualified;
    }
}
