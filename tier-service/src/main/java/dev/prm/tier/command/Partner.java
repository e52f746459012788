package dev.prm.tier.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import dev.prm.contracts.CountryCodes;
import dev.prm.contracts.Money;
import dev.prm.contracts.Tier;
import dev.prm.contracts.tier.TierChangeReason;
import dev.prm.program.Versioned;
import dev.prm.tier.domain.AccountHistory;
import dev.prm.tier.domain.AccountPeriod;
import dev.prm.tier.domain.DealFacts;
import dev.prm.tier.domain.PointsCalculator;
import dev.prm.tier.domain.PointsSummary;
import dev.prm.tier.domain.ThresholdCatalog;
import dev.prm.tier.domain.ThresholdTable;
import dev.prm.tier.domain.TierDecisions;
import dev.prm.tier.domain.TierOutlook;
import dev.prm.tier.domain.Windows;

/**
 * A partner of the program, event-sourced: its facts (deals, managed accounts), its monthly evaluations
 * and its tier. Created by the first fact that names it (P1: nothing is dropped because the partner is not
 * enrolled yet; it is a SOLUTIONS_PARTNER stub until its enrolment fills it in). Facts are applied by the
 * effective times they carry, whatever order they arrive in.
 * <p>
 * B3: a decision at T (a month-end evaluation, a re-evaluation, an enrolment's tier) reads the facts as they stood
 * at T: deals closed at or before T, each with the latest amendment dated at or before T, account periods by their
 * dates, and the tier in force at T. Every fact is kept with its date, so one dated after T that was taken in
 * before T's decision does not change it.
 */
@Aggregate(cache = "partnerCache")
public class Partner {

    @AggregateIdentifier
    private String partnerId;
    private boolean enrolled;
    /** The first enrolment's time: the only one that can carry a tier (P1). */
    private Instant enrolledAt;
    private Instant existsSince;
    /** By effective time; changes of one instant in the order they were made. */
    private final List<PartnerTierChanged> tierChanges = new ArrayList<>();
    /** By deal id. */
    private final Map<String, ClosedDeal> closedDeals = new HashMap<>();
    /** Every amendment of each deal, in the order taken in (kept before the deal is known, P1). */
    private final Map<String, List<DealFacts.DatedMrr>> amendments = new HashMap<>();
    private final Map<String, AccountHistory> accounts = new HashMap<>();
    private final NavigableMap<Instant, MonthEvaluated> monthlyEvaluations = new TreeMap<>();
    private Instant lastReevaluation;
    /** Issue 18: the re-evaluations a TierAtRisk, and a TierOutlookRecovered, was published for (once each). */
    private Instant atRiskFor;
    private Instant recoveredFor;

    /**
     * A closed deal as decisions read it: its stored event without the partner's id, the country one string per code
     * (a partner of years holds hundreds of deals, each read from its own event).
     */
    private record ClosedDeal(String customerDomain, String customerCountry, Money mrr, Instant closedAt) {
    }

    protected Partner() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RecordEnrolment command, PointsCalculator calculator, ThresholdCatalog catalog) {
        boolean first = !enrolled;
        apply(new PartnerEnrolmentRecorded(command.partnerId(), command.name(), command.kind(), command.country(),
                command.tier(), command.enrolledAt()));
        // a migrated tier counts from the first enrolment; a repeated enrolment only updates the details
        Tier inForce = tierAt(command.enrolledAt());
        if (first && command.tier() != null && command.tier() != inForce) {
            Versioned.Version<ThresholdTable> table = catalog.thresholds().versionAt(command.enrolledAt());
            apply(new PartnerTierChanged(command.partnerId(), inForce, command.tier(), TierChangeReason.ENROLMENT,
                    command.enrolledAt(), pointsAt(command.enrolledAt(), calculator), table.id()));
        }
    }

    /** A deal is closed once: the same deal reported again under another event id changes nothing. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RecordDealClosed command) {
        if (closedDeals.containsKey(command.dealId())) {
            return;
        }
        apply(new DealRecorded(command.partnerId(), command.dealId(), command.customerDomain(),
                command.customerCountry(), command.mrr(), command.closedAt()));
    }

    /** Kept even when the deal is not known yet (P1): it applies once the deal arrives. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RecordDealAmended command) {
        apply(new DealAmendmentRecorded(command.partnerId(), command.dealId(), command.mrr(), command.amendedAt()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RecordDealChurned command) {
        apply(new DealChurnRecorded(command.partnerId(), command.dealId(), command.churnedAt()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RecordAccountManaged command) {
        apply(new AccountManagementRecorded(command.partnerId(), command.accountId(), command.customerDomain(),
                command.customerCountry(), command.mrr(), command.at()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RecordAccountReleased command) {
        apply(new AccountReleaseRecorded(command.partnerId(), command.accountId(), command.at()));
    }

    /**
     * T7, from the tier in force at the month end (B3: an enrolment dated after it does not change it). Months before
     * the partner existed, and month ends already evaluated, are skipped.
     * <p>
     * Only what T8 could need is stored (see {@link #mustRecord}): every other month's evaluation is the last recorded
     * one's qualified tier, and its points and table are never the basis of a decision.
     */
    @CommandHandler
    public void handle(EvaluateMonth command, PointsCalculator calculator, ThresholdCatalog catalog) {
        Instant monthEnd = command.monthEnd();
        if (existsSince == null || existsSince.isAfter(monthEnd) || monthlyEvaluations.containsKey(monthEnd)
                || (!monthlyEvaluations.isEmpty() && monthEnd.isBefore(monthlyEvaluations.lastKey()))) {
            return;
        }
        Versioned.Version<ThresholdTable> table = catalog.thresholds().versionAt(monthEnd);
        PointsSummary points = pointsAt(monthEnd, calculator);
        Tier qualified = table.value().qualifiedTier(points);
        Tier current = tierAt(monthEnd);
        Optional<Tier> promoted = TierDecisions.monthly(current, qualified);
        if (mustRecord(monthEnd, qualified, promoted.orElse(current))) {
            apply(new MonthEvaluated(partnerId, monthEnd, qualified, points, table.id()));
        }
        promoted.ifPresent(tier -> apply(new PartnerTierChanged(partnerId, current, tier, TierChangeReason.PROMOTION,
                monthEnd, points, table.id())));
    }

    /**
     * T8 reads, for each month end of its window from the partner's first evaluation on, the qualified tier, and the
     * points and table of the latest month end with the highest one when that changes the tier. An evaluation is stored
     * when its qualified tier differs from the last one stored (so an unstored month end qualified for the last stored
     * tier) and when it could be that basis: the partner qualifies for another tier than the one it holds after this
     * month end (with no later promotion possible below the best, the re-evaluation changes the tier only then), or its
     * tier can still be set by an enrolment dated after this month end (P1: a stub, or an enrolment dated later).
     */
    private boolean mustRecord(Instant monthEnd, Tier qualified, Tier tierAfter) {
        return monthlyEvaluations.isEmpty()
                || monthlyEvaluations.lastEntry().getValue().qualifiedTier() != qualified
                || qualified != tierAfter
                || !enrolled || enrolledAt.isAfter(monthEnd);
    }

    /** T8: the highest tier qualified for in the six monthly evaluations before; none: the tier stays. */
    @CommandHandler
    public void handle(Reevaluate command) {
        Instant at = command.at();
        if (lastReevaluation != null && !at.isAfter(lastReevaluation)) {
            return;
        }
        Tier before = tierAt(at);
        TierDecisions.semiannual(evaluatedBefore(at), at).ifPresent(best -> {
            if (best.getValue() != before) {
                // stored by mustRecord; an older stream stored every month end
                MonthEvaluated basis = monthlyEvaluations.floorEntry(best.getKey()).getValue();
                apply(new PartnerTierChanged(partnerId, before, best.getValue(), TierChangeReason.REEVALUATION, at,
                        basis.points(), basis.thresholdsVersion()));
            }
        });
        apply(new SemiannualReevaluated(partnerId, at, tierAt(at)));
    }

    /**
     * Issue 18, after the month end's evaluation: the outlook for the next re-evaluation from the facts as they stood at
     * the month end (B3), published when it falls below the tier (once per re-evaluation) and when it recovers after that.
     */
    @CommandHandler
    public void handle(AssessTierOutlook command, TierOutlook outlooks) {
        Instant at = command.monthEnd();
        if (existsSince == null || existsSince.isAfter(at)) {
            return;
        }
        NavigableMap<Instant, TierOutlook.Evaluation> evaluations = new TreeMap<>();
        // month ends not stored qualified as the last one stored before them (see evaluatedBefore)
        if (!monthlyEvaluations.isEmpty()) {
            for (Instant monthEnd = monthlyEvaluations.firstKey(); !monthEnd.isAfter(at); monthEnd = Windows.nextMonthEnd(monthEnd)) {
                var evaluation = monthlyEvaluations.floorEntry(monthEnd).getValue();
                evaluations.put(monthEnd, new TierOutlook.Evaluation(evaluation.qualifiedTier(), evaluation.points()));
            }
        }
        TierOutlook.Outlook outlook = outlooks.at(new TierOutlook.Standing(at, tierAt(at), existsSince, dealFacts(at),
                accountPeriods(), evaluations));
        Instant reevaluation = outlook.nextReevaluation().at();
        TierOutlook.Gap toKeep = outlook.toKeep();
        if (outlook.atRisk() && !reevaluation.equals(atRiskFor)) {
            apply(new PartnerTierAtRisk(partnerId, outlook.tier(), outlook.nextReevaluation().tier(), reevaluation,
                    toKeep.missingPoints(), toKeep.missingSoldPoints(), at));
        } else if (!outlook.atRisk() && reevaluation.equals(atRiskFor) && !reevaluation.equals(recoveredFor)) {
            apply(new PartnerTierOutlookRecovered(partnerId, outlook.tier(), outlook.nextReevaluation().tier(), reevaluation,
                    toKeep.missingPoints(), toKeep.missingSoldPoints(), at));
        }
    }

    /**
     * The qualified tier of every month end evaluated before {@code at}: from the first stored evaluation on, every month
     * end was evaluated (in time order, every partner already evaluated is evaluated again), each with the qualified
     * tier of the last evaluation stored at or before it.
     */
    private NavigableMap<Instant, Tier> evaluatedBefore(Instant at) {
        NavigableMap<Instant, Tier> qualified = new TreeMap<>();
        if (monthlyEvaluations.isEmpty()) {
            return qualified;
        }
        for (Instant monthEnd = monthlyEvaluations.firstKey(); monthEnd.isBefore(at); monthEnd = Windows.nextMonthEnd(monthEnd)) {
            qualified.put(monthEnd, monthlyEvaluations.floorEntry(monthEnd).getValue().qualifiedTier());
        }
        return qualified;
    }

    /** The tier in force at {@code t}: the last change effective at or before it. */
    private Tier tierAt(Instant t) {
        Tier inForce = Tier.SOLUTIONS_PARTNER;
        for (PartnerTierChanged change : tierChanges) {
            if (change.effectiveAt().isAfter(t)) {
                break;
            }
            inForce = change.to();
        }
        return inForce;
    }

    private PointsSummary pointsAt(Instant at, PointsCalculator calculator) {
        return calculator.summaryAt(at, dealFacts(at), accountPeriods());
    }

    /** The deals with the MRR in force at {@code at} (the window is the calculator's). */
    private Collection<DealFacts> dealFacts(Instant at) {
        List<DealFacts> facts = new ArrayList<>(closedDeals.size());
        closedDeals.forEach((dealId, deal) -> {
            DealFacts.DatedMrr mrr = DealFacts.mrrAt(new DealFacts.DatedMrr(deal.mrr(), deal.closedAt()),
                    amendments.getOrDefault(dealId, List.of()), at);
            facts.add(new DealFacts(dealId, deal.customerDomain(), deal.customerCountry(), mrr.mrr(), deal.closedAt(), mrr.at()));
        });
        return facts;
    }

    private Collection<AccountPeriod> accountPeriods() {
        return accounts.values().stream().flatMap(account -> account.periods().stream()).toList();
    }

    private void seen(String id, Instant at) {
        partnerId = id;
        if (existsSince == null || at.isBefore(existsSince)) {
            existsSince = at;
        }
    }

    @EventSourcingHandler
    void on(PartnerEnrolmentRecorded event) {
        seen(event.partnerId(), event.enrolledAt());
        if (!enrolled) {
            enrolledAt = event.enrolledAt();
        }
        enrolled = true;
    }

    @EventSourcingHandler
    void on(DealRecorded event) {
        seen(event.partnerId(), event.closedAt());
        closedDeals.put(event.dealId(), new ClosedDeal(event.customerDomain(), CountryCodes.canonical(event.customerCountry()),
                event.mrr(), event.closedAt()));
    }

    @EventSourcingHandler
    void on(DealAmendmentRecorded event) {
        seen(event.partnerId(), event.amendedAt());
        amendments.computeIfAbsent(event.dealId(), id -> new ArrayList<>()).add(new DealFacts.DatedMrr(event.mrr(), event.amendedAt()));
    }

    @EventSourcingHandler
    void on(DealChurnRecorded event) {
        seen(event.partnerId(), event.churnedAt());
    }

    @EventSourcingHandler
    void on(AccountManagementRecorded event) {
        seen(event.partnerId(), event.at());
        accounts.computeIfAbsent(event.accountId(), AccountHistory::new)
                .managed(event.customerDomain(), CountryCodes.canonical(event.customerCountry()), event.mrr(), event.at());
    }

    @EventSourcingHandler
    void on(AccountReleaseRecorded event) {
        seen(event.partnerId(), event.at());
        accounts.computeIfAbsent(event.accountId(), AccountHistory::new).released(event.at());
    }

    @EventSourcingHandler
    void on(MonthEvaluated event) {
        monthlyEvaluations.put(event.monthEnd(), event);
    }

    @EventSourcingHandler
    void on(SemiannualReevaluated event) {
        lastReevaluation = event.at();
    }

    @EventSourcingHandler
    void on(PartnerTierAtRisk event) {
        atRiskFor = event.reEvaluationAt();
    }

    @EventSourcingHandler
    void on(PartnerTierOutlookRecovered event) {
        recoveredFor = event.reEvaluationAt();
    }

    @EventSourcingHandler
    void on(PartnerTierChanged event) {
        int at = tierChanges.size();
        while (at > 0 && tierChanges.get(at - 1).effectiveAt().isAfter(event.effectiveAt())) {
            at--;
        }
        tierChanges.add(at, event);
    }
}
