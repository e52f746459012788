package dev.prm.tier.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import dev.prm.contracts.Money;
import dev.prm.contracts.Tier;
import dev.prm.contracts.outbound.TierChangeReason;
import dev.prm.tier.domain.AccountPeriod;
import dev.prm.tier.domain.DealFacts;
import dev.prm.tier.domain.PointsCalculator;
import dev.prm.tier.domain.PointsSummary;
import dev.prm.tier.domain.ThresholdCatalog;
import dev.prm.tier.domain.ThresholdTable;
import dev.prm.tier.domain.TierDecisions;
import dev.prm.program.Versioned;

/**
 * A partner of the program, event-sourced: its facts (deals, managed accounts), its monthly evaluations
 * and its tier. Created by the first fact that names it (P1: nothing is dropped because the partner is not
 * enrolled yet; it is a SOLUTIONS_PARTNER stub until its enrolment fills it in). Facts are applied by the
 * effective times they carry, whatever order they arrive in.
 */
@Aggregate(cache = "partnerCache")
public class Partner {

    @AggregateIdentifier
    private String partnerId;
    private boolean enrolled;
    private Instant existsSince;
    private Tier tier = Tier.SOLUTIONS_PARTNER;
    private final Map<String, DealRecorded> closedDeals = new HashMap<>();
    private final Map<String, DealAmendmentRecorded> latestAmendments = new HashMap<>();
    private final Map<String, List<AccountPeriod>> accounts = new HashMap<>();
    private final NavigableMap<Instant, MonthEvaluated> monthlyEvaluations = new TreeMap<>();
    private Instant lastReevaluation;

    protected Partner() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(EnrollPartner command, PointsCalculator calculator, ThresholdCatalog catalog) {
        boolean first = !enrolled;
        apply(new PartnerEnrolmentRecorded(command.partnerId(), command.name(), command.kind(), command.country(),
                command.tier(), command.enrolledAt()));
        // a migrated tier counts from the first enrolment; a repeated enrolment only updates the details
        if (first && command.tier() != null && command.tier() != tier) {
            Versioned.Version<ThresholdTable> table = catalog.thresholds().versionAt(command.enrolledAt());
            apply(new PartnerTierChanged(command.partnerId(), tier, command.tier(), TierChangeReason.ENROLMENT,
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
    public void handle(AmendDeal command) {
        apply(new DealAmendmentRecorded(command.partnerId(), command.dealId(), command.mrr(), command.amendedAt()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ChurnDeal command) {
        apply(new DealChurnRecorded(command.partnerId(), command.dealId(), command.churnedAt()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ManageAccount command) {
        apply(new AccountManagementRecorded(command.partnerId(), command.accountId(), command.customerDomain(),
                command.customerCountry(), command.mrr(), command.at()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ReleaseAccount command) {
        apply(new AccountReleaseRecorded(command.partnerId(), command.accountId(), command.at()));
    }

    /** T7. Months before the partner existed, and month ends already evaluated, are skipped. */
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
        apply(new MonthEvaluated(partnerId, monthEnd, qualified, points, table.id()));
        TierDecisions.monthly(tier, qualified).ifPresent(promoted -> apply(new PartnerTierChanged(partnerId, tier, promoted,
                TierChangeReason.PROMOTION, monthEnd, points, table.id())));
    }

    /** T8: the highest tier qualified for in the six monthly evaluations before; none: the tier stays. */
    @CommandHandler
    public void handle(Reevaluate command) {
        Instant at = command.at();
        if (lastReevaluation != null && !at.isAfter(lastReevaluation)) {
            return;
        }
        Tier before = tier;
        NavigableMap<Instant, Tier> qualified = new TreeMap<>();
        monthlyEvaluations.forEach((monthEnd, evaluation) -> qualified.put(monthEnd, evaluation.qualifiedTier()));
        TierDecisions.semiannual(qualified, at).ifPresent(best -> {
            if (best.getValue() != before) {
                MonthEvaluated basis = monthlyEvaluations.get(best.getKey());
                apply(new PartnerTierChanged(partnerId, before, best.getValue(), TierChangeReason.REEVALUATION, at,
                        basis.points(), basis.thresholdsVersion()));
            }
        });
        apply(new SemiannualReevaluated(partnerId, at, tier));
    }

    private PointsSummary pointsAt(Instant at, PointsCalculator calculator) {
        return calculator.summaryAt(at, dealFacts(), accountPeriods());
    }

    private Collection<DealFacts> dealFacts() {
        List<DealFacts> facts = new ArrayList<>(closedDeals.size());
        for (DealRecorded deal : closedDeals.values()) {
            DealAmendmentRecorded amendment = latestAmendments.get(deal.dealId());
            Money mrr = amendment == null ? deal.mrr() : amendment.mrr();
            facts.add(new DealFacts(deal.dealId(), deal.customerDomain(), deal.customerCountry(), mrr, deal.closedAt()));
        }
        return facts;
    }

    private Collection<AccountPeriod> accountPeriods() {
        return accounts.values().stream().flatMap(List::stream).toList();
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
        enrolled = true;
    }

    @EventSourcingHandler
    void on(DealRecorded event) {
        seen(event.partnerId(), event.closedAt());
        closedDeals.put(event.dealId(), event);
    }

    @EventSourcingHandler
    void on(DealAmendmentRecorded event) {
        seen(event.partnerId(), event.amendedAt());
        DealAmendmentRecorded previous = latestAmendments.get(event.dealId());
        if (previous == null || !event.amendedAt().isBefore(previous.amendedAt())) {
            latestAmendments.put(event.dealId(), event);
        }
    }

    @EventSourcingHandler
    void on(DealChurnRecorded event) {
        seen(event.partnerId(), event.churnedAt());
    }

    @EventSourcingHandler
    void on(AccountManagementRecorded event) {
        seen(event.partnerId(), event.at());
        List<AccountPeriod> periods = accounts.computeIfAbsent(event.accountId(), id -> new ArrayList<>());
        endOpenPeriod(periods, event.at());
        periods.add(new AccountPeriod(event.accountId(), event.customerDomain(), event.customerCountry(), event.mrr(),
                event.at(), null));
    }

    @EventSourcingHandler
    void on(AccountReleaseRecorded event) {
        seen(event.partnerId(), event.at());
        endOpenPeriod(accounts.computeIfAbsent(event.accountId(), id -> new ArrayList<>()), event.at());
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
    void on(PartnerTierChanged event) {
        tier = event.to();
    }

    private static void endOpenPeriod(List<AccountPeriod> periods, Instant at) {
        if (!periods.isEmpty() && periods.getLast().until() == null) {
            periods.set(periods.size() - 1, periods.getLast().endedAt(at));
        }
    }
}
