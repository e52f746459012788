package dev.prm.tier.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import dev.prm.contracts.PartnerKind;
import dev.prm.contracts.Tier;
import dev.prm.program.CapTable;
import dev.prm.program.CapTables;
import dev.prm.program.ProgramCaps;
import dev.prm.program.Versioned;

/**
 * Issue 18, policy what-if: a period of the stored history replayed in memory twice, under today's rules and under a
 * proposal, with the live rules themselves ({@link PointsCalculator}, {@link ThresholdTable}, {@link TierDecisions},
 * {@link TierCalendar}, the R2 {@link CapTables}): every month end of the period evaluates and promotes (T7), every
 * re-evaluation day takes the best of its window (T8). Both sides start from the tier each partner held at the period's
 * start, as recorded; the window of a re-evaluation early in the period reaches back before it, evaluated with the
 * tables in force then. A proposal replaces the versions from its effective date on (default: the period's start), so
 * a month end before that date keeps today's table, as T8 reads evaluations "as recorded when each was made".
 * <p>
 * Deterministic: the answer depends on the histories and the rules only; partners and moves are in id order.
 */
public final class PolicyWhatIf {

    /** A period longer than this is refused: six re-evaluations are plenty to judge a table. */
    public static final int MAX_PERIOD_MONTHS = 36;

    private final TierCalendar calendar;

    public PolicyWhatIf(TierCalendar calendar) {
        this.calendar = calendar;
    }

    /** The rules one side replays with. */
    public record Rules(PointsPolicy points, Versioned<ThresholdTable> thresholds, CapTables caps) {

        /** These rules with the proposal in force from its effective date on. */
        public Rules adopt(Proposal proposal) {
            Instant from = proposal.effectiveFrom();
            PointsPolicy proposedPoints = proposal.pointsFactors() == null ? points
                    : points.withFactorsFrom(new Versioned.Version<>("proposed-points", from, proposal.pointsFactors()));
            CapTables proposedCaps = proposal.caps() == null ? caps
                    : caps.replacedFrom(new CapTable("proposed-caps", from, proposal.caps().tierCaps(),
                    proposal.caps().providerCap(), proposal.caps().complianceDeadline()));
            return new Rules(proposedPoints, thresholds.replacedFrom(new Versioned.Version<>("proposed", from, proposal.thresholds())),
                    proposedCaps);
        }
    }

    /** R2 caps proposed: per tier, the PROVIDER kind's, and the deadline for partners the table puts over cap. */
    public record CapProposal(Map<Tier, Integer> tierCaps, int providerCap, Instant complianceDeadline) {
    }

    /** A threshold table, optionally points factors and caps, in force from {@code effectiveFrom}. */
    public record Proposal(Instant effectiveFrom, ThresholdTable thresholds, PointsFactors pointsFactors, CapProposal caps) {
    }

    /**
     * One partner's stored facts. {@code tierAtStart}: the tier in force at the period's start, as recorded;
     * {@code enrolmentTiers}: tiers an enrolment set (P1), by their effective time; {@code existsSince}: its first fact.
     */
    public record PartnerHistory(String partnerId, PartnerKind kind, Instant existsSince, Tier tierAtStart,
                                 NavigableMap<Instant, Tier> enrolmentTiers, List<DealHistory> deals,
                                 List<AccountPeriod> accounts) {
    }

    public record Count(long today, long proposal) {
    }

    /** A partner that would hold another tier under the proposal: {@code from} today's, {@code to} the proposal's. */
    public record Move(String partnerId, Tier from, Tier to) {
    }

    /**
     * A partner whose cap would be lower under the proposal. If its active registrations exceed {@code capProposed} then,
     * it goes over cap (R6) with {@code overCapDeadline}, and its commissions are held from that deadline if it is still
     * over cap then (R7, C3).
     */
    public record CapDrop(String partnerId, PartnerKind kind, Tier tierToday, Tier tierProposed, int capToday,
                          int capProposed, Instant overCapDeadline) {
    }

    /** The tiers at a re-evaluation (after its decision) or at the period's end, on both sides. */
    public record Checkpoint(Instant at, Map<Tier, Count> partnersPerTier, List<Move> moves, List<CapDrop> capDrops) {
    }

    public record Result(Instant from, Instant to, Instant effectiveFrom, int partners, List<Checkpoint> reevaluations,
                         Checkpoint periodEnd) {
    }

    public Result compare(Instant from, Instant to, Collection<PartnerHistory> partners, Rules today, Proposal proposal) {
        Rules proposed = today.adopt(proposal);
        List<Instant> checkpoints = new ArrayList<>();
        for (TierCalendar.Decision decision : calendar.between(from, to)) {
            if (decision.kind() == TierCalendar.Kind.REEVALUATION) {
                checkpoints.add(decision.at());
            }
        }
        checkpoints.add(to);
        List<PartnerHistory> sorted = partners.stream().sorted(Comparator.comparing(PartnerHistory::partnerId)).toList();
        // partners are independent: replayed side by side, collected in id order
        List<Tier[][]> tiers = sorted.parallelStream()
                .map(partner -> new Tier[][] {replay(partner, today, from, to), replay(partner, proposed, from, to)})
                .toList();
        List<Checkpoint> results = new ArrayList<>();
        for (int c = 0; c < checkpoints.size(); c++) {
            Instant at = checkpoints.get(c);
            Map<Tier, long[]> counts = new EnumMap<>(Tier.class);
            for (Tier tier : Tier.values()) {
                counts.put(tier, new long[2]);
            }
            List<Move> moves = new ArrayList<>();
            List<CapDrop> capDrops = new ArrayList<>();
            CapTable capsToday = today.caps().inForce(at);
            CapTable capsProposed = proposed.caps().inForce(at);
            for (int p = 0; p < sorted.size(); p++) {
                PartnerHistory partner = sorted.get(p);
                if (partner.existsSince().isAfter(at)) {
                    continue;
                }
                Tier tierToday = tiers.get(p)[0][c];
                Tier tierProposed = tiers.get(p)[1][c];
                counts.get(tierToday)[0]++;
                counts.get(tierProposed)[1]++;
                if (tierToday != tierProposed) {
                    moves.add(new Move(partner.partnerId(), tierToday, tierProposed));
                }
                int capToday = capsToday.capFor(partner.kind(), tierToday);
                int capProposed = capsProposed.capFor(partner.kind(), tierProposed);
                if (capProposed < capToday) {
                    // R6: a new table's deadline when the table alone lowers the cap, otherwise the grace period
                    Instant deadline = tierToday == tierProposed && capsProposed.deadline().filter(at::isBefore).isPresent()
                            ? capsProposed.complianceDeadline() : at.plus(ProgramCaps.OVER_CAP_GRACE);
                    capDrops.add(new CapDrop(partner.partnerId(), partner.kind(), tierToday, tierProposed, capToday,
                            capProposed, deadline));
                }
            }
            Map<Tier, Count> perTier = new EnumMap<>(Tier.class);
            counts.forEach((tier, count) -> perTier.put(tier, new Count(count[0], count[1])));
            results.add(new Checkpoint(at, perTier, List.copyOf(moves), List.copyOf(capDrops)));
        }
        return new Result(from, to, proposal.effectiveFrom(), sorted.size(), List.copyOf(results.subList(0, results.size() - 1)),
                results.getLast());
    }

    /** The partner's tier after each re-evaluation in (from, to], then at {@code to}. */
    Tier[] replay(PartnerHistory partner, Rules rules, Instant from, Instant to) {
        PointsCalculator calculator = new PointsCalculator(rules.points());
        NavigableMap<Instant, Tier> evaluations = new TreeMap<>();
        // the window of a re-evaluation early in the period starts before it
        Instant windowStart = Windows.monthsBefore(from, TierCalendar.REEVALUATION_WINDOW_MONTHS);
        for (Instant monthEnd = Windows.nextMonthEnd(windowStart); !monthEnd.isAfter(from); monthEnd = Windows.nextMonthEnd(monthEnd)) {
            if (!partner.existsSince().isAfter(monthEnd)) {
                evaluations.put(monthEnd, qualified(partner, rules, calculator, monthEnd));
            }
        }
        List<Tier> checkpoints = new ArrayList<>();
        NavigableMap<Instant, Tier> enrolments = partner.enrolmentTiers().subMap(from, false, to, true);
        Tier tier = partner.tierAtStart();
        for (TierCalendar.Decision decision : calendar.between(from, to)) {
            Instant at = decision.at();
            // an enrolment's tier counts from its time, before a decision of the same instant (as Partner.tierAt)
            Map.Entry<Instant, Tier> enrolment = enrolments.floorEntry(at);
            if (enrolment != null) {
                tier = enrolment.getValue();
                enrolments = enrolments.tailMap(at, false);
            }
            if (decision.kind() == TierCalendar.Kind.MONTH_END) {
                if (!partner.existsSince().isAfter(at)) {
                    Tier qualified = qualified(partner, rules, calculator, at);
                    evaluations.put(at, qualified);
                    tier = TierDecisions.monthly(tier, qualified).orElse(tier);
                }
            } else {
                tier = TierDecisions.semiannual(evaluations, at).map(Map.Entry::getValue).orElse(tier);
                checkpoints.add(tier);
            }
        }
        if (!enrolments.isEmpty()) {
            tier = enrolments.lastEntry().getValue();
        }
        checkpoints.add(tier);
        return checkpoints.toArray(Tier[]::new);
    }

    /** T7's evaluation at a month end: the facts dated at or before it, the tables in force then. */
    private static Tier qualified(PartnerHistory partner, Rules rules, PointsCalculator calculator, Instant monthEnd) {
        List<DealFacts> deals = new ArrayList<>();
        for (DealHistory deal : partner.deals()) {
            if (Windows.inWindow(deal.closedAt(), monthEnd, 12)) {
                deals.add(deal.at(monthEnd));
            }
        }
        return rules.thresholds().at(monthEnd).qualifiedTier(calculator.summaryAt(monthEnd, deals, partner.accounts()));
    }
}
