package dev.prm.commission.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import dev.prm.commission.domain.CommissionCalculator;
import dev.prm.commission.domain.DealHistory;
import dev.prm.commission.domain.EntryStatus;
import dev.prm.commission.domain.HoldPeriods.HoldPeriod;
import dev.prm.commission.domain.HoldPeriods;
import dev.prm.commission.domain.Ledger;
import dev.prm.commission.domain.MonthEnds;
import dev.prm.commission.domain.PlannedEntry;
import dev.prm.commission.domain.Statement;
import dev.prm.contracts.Money;
import dev.prm.contracts.PartnerKind;

/**
 * A partner's commissions, event-sourced: the facts about its deals, kind and cap (each at its effective
 * time) and the decisions taken from them: ledger entries, holds placed and released.
 * <p>
 * Every command records its fact, then settles: books whatever the facts known now say is due for the
 * month ends up to business time (accruals, or signed adjustments of what was booked), places the holds the
 * facts imply and releases those whose end business time has reached. So the outcome depends on the facts,
 * not on the order they arrived in (B1), and a partner or deal not known yet is created, never refused (P1).
 * <p>
 * No in-JVM lock: a partner's facts arrive on several topics, read by several consumer threads whose batch
 * transactions stay open after each command. The event store's unique (aggregate, sequence) is the lock: a
 * second writer fails or waits on the database, where a deadlock is detected; either way the batch is retried.
 * Its cache lends a partner to one transaction at a time for the same reason (see
 * {@link dev.prm.platform.aggregate.CheckoutAggregateCache}).
 */
@Aggregate(lockFactory = "partnerCommissionsLockFactory", cache = "partnerCommissionsCache")
public class PartnerCommissions {

    @AggregateIdentifier
    private String partnerId;
    private PartnerKind kind = PartnerKind.SOLUTIONS_PARTNER;
    private boolean enrolled;
    private final Map<String, DealHistory> deals = new TreeMap<>();
    private final Ledger ledger = new Ledger();
    private final List<Instant> deadlinesPassed = new ArrayList<>();
    private final List<Instant> restorations = new ArrayList<>();
    private final Set<Instant> holdsPlaced = new HashSet<>();
    private final Set<Instant> holdsReleased = new HashSet<>();
    /*
     * What may have changed since the last settlement, so that a fact costs its deal and a month end its new month
     * ends, not the partner's whole history. A memo, not state (transient): no settlement known (a partner loaded
     * from its stream, or whose kind changed) settles every deal in full.
     */
    private transient Instant settledUpTo;
    private final transient Set<String> dealsChanged = new HashSet<>();

    protected PartnerCommissions() {
        // for Axon
    }

    /** A deal is closed once: the same deal reported again under another event id changes nothing. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RecordDealClosed command, CommissionCalculator calculator) {
        partnerId = command.partnerId();
        if (!deal(command.dealId()).isClosed()) {
            apply(new DealRecorded(command.partnerId(), command.dealId(), command.mrr(), command.closedAt()));
        }
        settle(command.businessNow(), command.closedAt(), calculator);
    }

    /** C2: kept even when the deal is not known yet (P1); it may change the deal's currency. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RecordDealAmended command, CommissionCalculator calculator) {
        partnerId = command.partnerId();
        apply(new DealAmendmentRecorded(command.partnerId(), command.dealId(), command.mrr(), command.amendedAt()));
        settle(command.businessNow(), command.amendedAt(), calculator);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RecordDealChurned command, CommissionCalculator calculator) {
        partnerId = command.partnerId();
        Instant known = deal(command.dealId()).churnedAt();
        if (known == null || command.churnedAt().isBefore(known)) {
            apply(new DealChurnRecorded(command.partnerId(), command.dealId(), command.churnedAt()));
        }
        settle(command.businessNow(), command.churnedAt(), calculator);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RecordEnrolment command, CommissionCalculator calculator) {
        partnerId = command.partnerId();
        if (!enrolled || kind != command.kind()) {
            apply(new PartnerKindRecorded(command.partnerId(), command.kind(), command.enrolledAt()));
        }
        settle(command.businessNow(), command.enrolledAt(), calculator);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RecordCapExceeded command) {
        partnerId = command.partnerId();
        apply(new CapExceededRecorded(command.partnerId(), command.since(), command.deadline()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RecordCapDeadlinePassed command, CommissionCalculator calculator) {
        partnerId = command.partnerId();
        if (!deadlinesPassed.contains(command.deadline())) {
            apply(new CapDeadlinePassedRecorded(command.partnerId(), command.deadline()));
        }
        settle(command.businessNow(), null, calculator);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RecordCapRestored command, CommissionCalculator calculator) {
        partnerId = command.partnerId();
        if (!restorations.contains(command.restoredAt())) {
            apply(new CapRestoredRecorded(command.partnerId(), command.restoredAt()));
        }
        settle(command.businessNow(), null, calculator);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(SettleCommissions command, CommissionCalculator calculator) {
        partnerId = command.partnerId();
        settle(command.businessNow(), null, calculator);
    }

    /**
     * @param factTime the effective time of the fact just recorded, which dates the corrections it causes
     */
    private void settle(Instant businessNow, Instant factTime, CommissionCalculator calculator) {
        HoldPeriods holds = HoldPeriods.from(deadlinesPassed, restorations);
        for (HoldPeriod period : holds.periods()) {
            if (!holdsPlaced.contains(period.since())) {
                apply(new HoldPlaced(partnerId, period.since(), HoldPeriods.REASON));
            }
        }
        if (businessNow == null) {
            return;
        }
        List<CommissionsSettled.Entry> settled = new ArrayList<>();
        for (PlannedEntry entry : calculator.entriesDue(dealsToSettle(businessNow), kind, ledger, businessNow, factTime,
                settledBefore(businessNow))) {
            // the status the entry takes effect with, however late business time got to it
            EntryStatus status = holds.statusAt(entry.monthEnd(), entry.effectiveAt(), entry.effectiveAt());
            settled.add(new CommissionsSettled.Entry(entry.dealId(), entry.month().toString(), entry.monthEnd(),
                    entry.amount(), entry.kind(), entry.terms().rate(), entry.terms().policyVersion(),
                    entry.terms().partnerKind(), entry.effectiveAt(), status.status()));
        }
        if (!settled.isEmpty()) {
            apply(new CommissionsSettled(partnerId, settled)); // one event for every deal and month end settled now
        }
        settledUpTo = businessNow;
        dealsChanged.clear();
        // after the entries, so a release lists every month end of its period up to business time
        for (HoldPeriod period : holds.periods()) {
            if (!period.isOpen() && !period.until().isAfter(businessNow) && !holdsReleased.contains(period.since())) {
                List<Money> held = ledger.entries().stream()
                        .filter(entry -> period.holds(entry.monthEnd(), entry.effectiveAt()))
                        .map(Ledger.Entry::amount)
                        .toList();
                apply(new HoldReleased(partnerId, period.since(), period.until(), Statement.totals(held)));
            }
        }
    }

    /**
     * After a settlement the ledger holds what every deal is due up to its business time; it changes only for a deal
     * whose facts changed, or for every deal when the partner's kind changed or business time passed a month end.
     * The others would come out with nothing due, so only the changed deals are looked at again.
     */
    private Collection<DealHistory> dealsToSettle(Instant businessNow) {
        boolean sameMonthEnds = settledUpTo != null && !businessNow.isBefore(settledUpTo)
                && MonthEnds.nextAfter(settledUpTo).isAfter(businessNow);
        return sameMonthEnds ? dealsChanged.stream().map(deals::get).toList() : deals.values();
    }

    private CommissionCalculator.Settled settledBefore(Instant businessNow) {
        return settledUpTo == null || businessNow.isBefore(settledUpTo)
                ? CommissionCalculator.Settled.NOTHING
                : new CommissionCalculator.Settled(settledUpTo, dealsChanged);
    }

    private DealHistory deal(String dealId) {
        return deals.getOrDefault(dealId, DealHistory.unknown(dealId));
    }

    @EventSourcingHandler
    void on(DealRecorded event) {
        partnerId = event.partnerId();
        dealsChanged.add(event.dealId());
        deals.put(event.dealId(), deal(event.dealId()).closed(event.closedAt(), event.mrr()));
    }

    @EventSourcingHandler
    void on(DealAmendmentRecorded event) {
        partnerId = event.partnerId();
        dealsChanged.add(event.dealId());
        deals.put(event.dealId(), deal(event.dealId()).amended(event.amendedAt(), event.mrr()));
    }

    @EventSourcingHandler
    void on(DealChurnRecorded event) {
        partnerId = event.partnerId();
        dealsChanged.add(event.dealId());
        deals.put(event.dealId(), deal(event.dealId()).churned(event.churnedAt()));
    }

    @EventSourcingHandler
    void on(PartnerKindRecorded event) {
        partnerId = event.partnerId();
        kind = event.kind();
        enrolled = true;
        settledUpTo = null; // the kind sets every deal's terms
    }

    @EventSourcingHandler
    void on(CapExceededRecorded event) {
        partnerId = event.partnerId();
    }

    @EventSourcingHandler
    void on(CapDeadlinePassedRecorded event) {
        partnerId = event.partnerId();
        deadlinesPassed.add(event.deadline());
    }

    @EventSourcingHandler
    void on(CapRestoredRecorded event) {
        partnerId = event.partnerId();
        restorations.add(event.restoredAt());
    }

    /** The shape stored before {@link CommissionsSettled}: streams that hold it are read as they are. */
    @EventSourcingHandler
    void on(CommissionEntryRecorded event) {
        ledger.book(new Ledger.Entry(event.dealId(), event.monthEnd(), event.amount(), event.effectiveAt()));
    }

    @EventSourcingHandler
    void on(CommissionsSettled event) {
        for (CommissionsSettled.Entry entry : event.entries()) {
            ledger.book(new Ledger.Entry(sharedDealId(entry.dealId()), entry.monthEnd(), entry.amount(), entry.effectiveAt()));
        }
    }

    /** The deal's own id string: a partner's ledger holds one entry per deal and month end, each read from an event. */
    private String sharedDealId(String dealId) {
        DealHistory deal = deals.get(dealId);
        return deal == null ? dealId : deal.dealId();
    }

    @EventSourcingHandler
    void on(HoldPlaced event) {
        holdsPlaced.add(event.since());
    }

    @EventSourcingHandler
    void on(HoldReleased event) {
        holdsReleased.add(event.since());
    }
}
