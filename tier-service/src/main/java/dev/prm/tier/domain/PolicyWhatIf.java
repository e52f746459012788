package dev.prm.tier.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.prm.contracts.PartnerKind;
import dev.prm.contracts.Tier;
import dev.prm.program.CapTable;
import dev.prm.program.CapTables;
import dev.prm.program.OverCapRule;
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
    private final OverCapRule overCapRule;

    public PolicyWhatIf(TierCalendar calendar) {
        this(calendar, new OverCapRule(ProgramCaps.OVER_CAP_GRACE));
    }

    /** @param overCapRule R6, the rule registration-service decides with */
    public PolicyWhatIf(TierCalendar calendar, OverCapRule overCapRule) {
        this.calendar = calendar;
        this.overCapRule = overCapRule;
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
                                 List<AccountPeriod> accounts, List<Registration> registrations, OverCapAtStart overCapAtStart) {

        /** A partner with no registration. */
        public PartnerHistory(String partnerId, PartnerKind kind, Instant existsSince, Tier tierAtStart,
                              NavigableMap<Instant, Tier> enrolmentTiers, List<DealHistory> deals, List<AccountPeriod> accounts) {
            this(partnerId, kind, existsSince, tierAtStart, enrolmentTiers, deals, accounts, List.of(), null);
        }
    }

    /** A registration as registration-service published it: active at t when registeredAt <= t < endsAt (R5). */
    public record Registration(Instant registeredAt, Instant endsAt) {
    }

    /** The over-cap period open at the period's start, as registration-service recorded it (R6), if any. */
    public record OverCapAtStart(Instant since, Instant deadline) {
    }

    /** One value per side: today's rules and the proposal. */
    public record Sides<T>(T today, T proposal) {
    }

    /**
     * A partner over cap (R6: active > cap) at a checkpoint, with its deadline; {@code heldFrom}: the deadline, when the
     * partner is still over cap then within the period, so its commissions are held from it (R7, C3); else null.
     */
    public record OverCap(String partnerId, Tier tier, int cap, int active, Instant since, Instant deadline, Instant heldFrom) {
    }

    /** C3: commissions held from the deadline until the partner is back at or under its cap ({@code until} null: still held at the period's end). */
    public record Hold(String partnerId, Instant from, Instant until) {
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

    /** The tiers at a re-evaluation (after its decision) or at the period's end, on both sides, and who is over cap then. */
    public record Checkpoint(Instant at, Map<Tier, Count> partnersPerTier, List<Move> moves, List<CapDrop> capDrops,
                             Sides<List<OverCap>> overCap) {
    }

    /** {@code holds}: every hold (C3) in force within the period, per side, in partner and time order. */
    public record Result(Instant from, Instant to, Instant effectiveFrom, int partners, List<Checkpoint> reevaluations,
                         Checkpoint periodEnd, Sides<List<Hold>> holds) {
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
        List<Replayed[]> replays = sorted.parallelStream()
                .map(partner -> {
                    // a proposal that keeps the points policy sees the same points at each month end: summed once
                    Map<Instant, PointsSummary> points = new HashMap<>();
                    NavigableMap<Instant, Tier> tiersToday = replay(partner, today, from, to, points);
                    NavigableMap<Instant, Tier> tiersProposed = replay(partner, proposed, from, to,
                            proposed.points() == today.points() ? points : new HashMap<>());
                    return new Replayed[] {
                            new Replayed(tiersToday, overCap(partner, tiersToday, today.caps(), from, to, checkpoints)),
                            new Replayed(tiersProposed, overCap(partner, tiersProposed, proposed.caps(), from, to, checkpoints))};
                })
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
            List<OverCap> overToday = new ArrayList<>();
            List<OverCap> overProposed = new ArrayList<>();
            CapTable capsToday = today.caps().inForce(at);
            CapTable capsProposed = proposed.caps().inForce(at);
            for (int p = 0; p < sorted.size(); p++) {
                PartnerHistory partner = sorted.get(p);
                if (partner.existsSince().isAfter(at)) {
                    continue;
                }
                Tier tierToday = replays.get(p)[0].tierAt(at);
                Tier tierProposed = replays.get(p)[1].tierAt(at);
                if (replays.get(p)[0].walk().atCheckpoints()[c] != null) {
                    overToday.add(replays.get(p)[0].walk().atCheckpoints()[c]);
                }
                if (replays.get(p)[1].walk().atCheckpoints()[c] != null) {
                    overProposed.add(replays.get(p)[1].walk().atCheckpoints()[c]);
                }
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
            results.add(new Checkpoint(at, perTier, List.copyOf(moves), List.copyOf(capDrops),
                    new Sides<>(List.copyOf(overToday), List.copyOf(overProposed))));
        }
        List<Hold> holdsToday = new ArrayList<>();
        List<Hold> holdsProposed = new ArrayList<>();
        for (Replayed[] replayed : replays) {
            holdsToday.addAll(replayed[0].walk().holds());
            holdsProposed.addAll(replayed[1].walk().holds());
        }
        return new Result(from, to, proposal.effectiveFrom(), sorted.size(), List.copyOf(results.subList(0, results.size() - 1)),
                results.getLast(), new Sides<>(List.copyOf(holdsToday), List.copyOf(holdsProposed)));
    }

    /** One side's replay of one partner: its tier from each change on, and its over-cap walk. */
    private record Replayed(NavigableMap<Instant, Tier> tiers, CapWalk walk) {
        Tier tierAt(Instant t) {
            return tiers.floorEntry(t).getValue();
        }
    }

    /** The partner's over-cap state at each checkpoint (null: not over cap) and the holds that start in the period. */
    record CapWalk(OverCap[] atCheckpoints, List<Hold> holds) {
    }

    /**
     * R6, R7, C3 replayed for one side: the registrations as they happened, counted at every instant that can change
     * the count or the cap (a registration's start or end, a tier decision, a cap table taking effect, a deadline),
     * reviewed with the live rule ({@link OverCapRule}) in the order registration-service reviews them: the cap first,
     * then the deadline, so a partner back under its cap at its deadline is not held. Starts from the over-cap period
     * recorded at {@code from}, as today's side and the proposal share everything before it.
     */
    CapWalk overCap(PartnerHistory partner, NavigableMap<Instant, Tier> tiers, CapTables caps, Instant from, Instant to,
                    List<Instant> checkpoints) {
        OverCap[] atCheckpoints = new OverCap[checkpoints.size()];
        if (partner.registrations().isEmpty() && partner.overCapAtStart() == null) {
            return new CapWalk(atCheckpoints, List.of()); // never over cap: nothing counts against a cap
        }
        // +1 at a start, -1 at an end, in (from, to]; active at from counted directly
        TreeMap<Instant, Integer> deltas = new TreeMap<>();
        int active = 0;
        for (Registration registration : partner.registrations()) {
            boolean activeAtFrom = !registration.registeredAt().isAfter(from) && registration.endsAt().isAfter(from);
            if (activeAtFrom) {
                active++;
            } else if (registration.registeredAt().isAfter(from) && !registration.registeredAt().isAfter(to)
                    && registration.endsAt().isAfter(registration.registeredAt())) {
                deltas.merge(registration.registeredAt(), 1, Integer::sum);
            }
            if (registration.endsAt().isAfter(from) && !registration.endsAt().isAfter(to)
                    && (activeAtFrom || registration.registeredAt().isAfter(from))
                    && registration.endsAt().isAfter(registration.registeredAt())) {
                deltas.merge(registration.endsAt(), -1, Integer::sum);
            }
        }
        TreeSet<Instant> instants = new TreeSet<>(deltas.keySet());
        instants.addAll(tiers.subMap(from, false, to, true).keySet());
        for (CapTable table : caps.versions()) {
            if (table.effectiveFrom().isAfter(from) && !table.effectiveFrom().isAfter(to)) {
                instants.add(table.effectiveFrom());
            }
        }
        instants.addAll(checkpoints);
        Instant since = null;
        Instant deadline = null;
        Instant heldFrom = null;
        if (partner.overCapAtStart() != null) {
            since = partner.overCapAtStart().since();
            deadline = partner.overCapAtStart().deadline();
            if (!deadline.isAfter(from)) {
                heldFrom = deadline; // held already at the period's start
            } else {
                instants.add(deadline);
            }
        }
        List<Hold> holds = new ArrayList<>();
        // the over-cap periods in force at each checkpoint, completed with their hold once the walk knows it
        List<int[]> pending = new ArrayList<>();
        int cap = 0;
        Instant at = from;
        for (Instant t = instants.isEmpty() ? null : instants.first(); t != null; t = instants.higher(t)) {
            at = t;
            active += deltas.getOrDefault(t, 0);
            CapTable table = caps.inForce(t);
            cap = table.capFor(partner.kind(), tiers.floorEntry(t).getValue());
            Optional<Instant> tableDeadline = table.effectiveFrom().equals(t) ? table.deadline() : Optional.empty();
            Optional<OverCapRule.CapChange> change = overCapRule.review(since != null, active, cap, t, tableDeadline);
            if (change.isPresent()) {
                switch (change.get()) {
                    case OverCapRule.CapChange.Exceeded exceeded -> {
                        since = exceeded.since();
                        deadline = exceeded.deadline();
                        heldFrom = null;
                        if (!deadline.isAfter(to)) {
                            instants.add(deadline);
                        }
                    }
                    case OverCapRule.CapChange.Restored restored -> {
                        if (heldFrom != null) {
                            holds.add(new Hold(partner.partnerId(), heldFrom, restored.restoredAt()));
                        }
                        pending.clear(); // restored before its deadline: no hold from this period
                        since = null;
                        deadline = null;
                        heldFrom = null;
                    }
                }
            }
            if (since != null && heldFrom == null && !deadline.isAfter(t)) {
                heldFrom = deadline; // R7: still over cap at the deadline
                for (int[] open : pending) {
                    OverCap o = atCheckpoints[open[0]];
                    atCheckpoints[open[0]] = new OverCap(o.partnerId(), o.tier(), o.cap(), o.active(), o.since(), o.deadline(), heldFrom);
                }
                pending.clear();
            }
            int c = checkpoints.indexOf(t);
            if (c >= 0 && since != null) {
                atCheckpoints[c] = new OverCap(partner.partnerId(), tiers.floorEntry(t).getValue(), cap, active, since, deadline, heldFrom);
                if (heldFrom == null) {
                    pending.add(new int[] {c});
                }
            }
        }
        if (heldFrom != null) {
            holds.add(new Hold(partner.partnerId(), heldFrom, null));
        }
        return new CapWalk(atCheckpoints, List.copyOf(holds));
    }

    /** The partner's tier from {@code from} on, keyed by the instants it may change at (decisions, enrolments) in (from, to]. */
    NavigableMap<Instant, Tier> replay(PartnerHistory partner, Rules rules, Instant from, Instant to, Map<Instant, PointsSummary> points) {
        PointsCalculator calculator = PointsCalculator.rememberingSoldPoints(rules.points());
        NavigableMap<Instant, Tier> evaluations = new TreeMap<>();
        // the window of a re-evaluation early in the period starts before it
        Instant windowStart = Windows.monthsBefore(from, TierCalendar.REEVALUATION_WINDOW_MONTHS);
        for (Instant monthEnd = Windows.nextMonthEnd(windowStart); !monthEnd.isAfter(from); monthEnd = Windows.nextMonthEnd(monthEnd)) {
            if (!partner.existsSince().isAfter(monthEnd)) {
                evaluations.put(monthEnd, qualified(partner, rules, calculator, monthEnd, points));
            }
        }
        NavigableMap<Instant, Tier> timeline = new TreeMap<>();
        NavigableMap<Instant, Tier> enrolments = partner.enrolmentTiers().subMap(from, false, to, true);
        Tier tier = partner.tierAtStart();
        timeline.put(from, tier);
        // an enrolment's tier counts from its time (P1), which may fall between decisions
        partner.enrolmentTiers().subMap(from, false, to, true).forEach(timeline::put);
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
                    Tier qualified = qualified(partner, rules, calculator, at, points);
                    evaluations.put(at, qualified);
                    tier = TierDecisions.monthly(tier, qualified).orElse(tier);
                }
            } else {
                tier = TierDecisions.semiannual(evaluations, at).map(Map.Entry::getValue).orElse(tier);
            }
            timeline.put(at, tier);
        }
        return timeline;
    }

    /** T7's evaluation at a month end: the facts dated at or before it, the tables in force then; {@code points}: sums already made. */
    private static Tier qualified(PartnerHistory partner, Rules rules, PointsCalculator calculator, Instant monthEnd,
                                  Map<Instant, PointsSummary> points) {
        PointsSummary summary = points.computeIfAbsent(monthEnd, at -> {
            List<DealFacts> deals = new ArrayList<>();
            Instant windowStart = Windows.monthsBefore(at, 12);
            for (DealHistory deal : partner.deals()) {
                if (deal.closedAt().isAfter(windowStart) && !deal.closedAt().isAfter(at)) { // Windows.inWindow, 12 months
                    deals.add(deal.at(at));
                }
            }
            return calculator.summaryAt(at, deals, partner.accounts());
        });
        return rules.thresholds().at(monthEnd).qualifiedTier(summary);
    }
}
