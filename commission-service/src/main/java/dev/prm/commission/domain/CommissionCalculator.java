package dev.prm.commission.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.prm.contracts.Money;
import dev.prm.contracts.PartnerKind;

/**
 * C1, C2: what a partner's ledger must receive so that, for every month end up to business time, it holds
 * exactly what the facts known now say each deal earned.
 * <p>
 * When an adjustment is needed: when a fact arrives after month ends it affects were accrued — an
 * amendment or churn effective before them, or an enrolment that changes the partner's kind (and so the
 * term) after it was taken for a stub. What was booked stays; the difference is a new signed ADJUSTMENT, per
 * currency: when an amendment changed the deal's currency, a negative one in the old and a positive one in the new.
 * An entry is effective at its month end, or at the fact that caused it when that fact is later (an
 * enrolment read after the month end): asOf answers never show an amount before it could be known.
 */
public final class CommissionCalculator {

    private final CommissionPolicy policy;

    public CommissionCalculator(CommissionPolicy policy) {
        this.policy = policy;
    }

    /**
     * @param factTime the effective time of the fact being applied; {@code null} when only time passed
     * @return the entries to book, by month end and then deal, so accruals are made month after month
     */
    public List<PlannedEntry> entriesDue(Iterable<DealHistory> deals, PartnerKind kind, Ledger ledger, Instant businessNow,
                                         Instant factTime) {
        return entriesDue(deals, kind, ledger, businessNow, factTime, Settled.NOTHING);
    }

    /**
     * What an earlier settlement made right and nothing has changed since: every month end up to {@code upTo} of every
     * deal but {@code changedDeals}. Those month ends hold what the facts say already, so they are not computed again:
     * a month end costs the month end, not the deal's whole history.
     *
     * @param upTo {@code null}: nothing is known to be settled
     */
    public record Settled(Instant upTo, Set<String> changedDeals) {

        public static final Settled NOTHING = new Settled(null, Set.of());

        /** Up to when this deal is settled, or {@code null}. */
        Instant upToFor(DealHistory deal) {
            return upTo == null || changedDeals.contains(deal.dealId()) ? null : upTo;
        }
    }

    /** The same, computing again only what {@code settled} does not cover. */
    public List<PlannedEntry> entriesDue(Iterable<DealHistory> deals, PartnerKind kind, Ledger ledger, Instant businessNow,
                                         Instant factTime, Settled settled) {
        Map<Ledger.Key, Money> expected = new HashMap<>();
        Map<String, CommissionTerms> termsByDeal = new HashMap<>();
        List<Ledger.Key> keys = new ArrayList<>();
        for (DealHistory deal : deals) {
            if (!deal.isClosed()) {
                continue;
            }
            CommissionTerms terms = policy.termsFor(deal.close().closedAt(), kind);
            termsByDeal.put(deal.dealId(), terms);
            Instant settledUpTo = settled.upToFor(deal);
            for (Instant monthEnd : deal.earningMonthEnds(terms, settledUpTo, businessNow)) {
                Ledger.Key key = new Ledger.Key(deal.dealId(), monthEnd);
                expected.put(key, terms.commissionOn(deal.mrrAt(monthEnd)));
                keys.add(key);
            }
            if (settledUpTo == null) {
                // month ends booked that no longer earn (a churn, a shorter term) are reversed
                for (Instant booked : ledger.monthEndsBooked(deal.dealId())) {
                    Ledger.Key key = new Ledger.Key(deal.dealId(), booked);
                    if (!expected.containsKey(key)) {
                        keys.add(key);
                    }
                }
            }
        }
        keys.sort(Comparator.comparing(Ledger.Key::monthEnd).thenComparing(Ledger.Key::dealId));

        List<PlannedEntry> due = new ArrayList<>();
        for (Ledger.Key key : keys) {
            CommissionTerms terms = termsByDeal.get(key.dealId());
            Money wanted = expected.get(key);
            Map<String, BigDecimal> booked = ledger.netFor(key.dealId(), key.monthEnd());
            Instant effectiveAt = factTime != null && factTime.isAfter(key.monthEnd()) ? factTime : key.monthEnd();
            if (booked.isEmpty()) {
                if (wanted != null && wanted.decimal().signum() != 0) {
                    due.add(new PlannedEntry(key.dealId(), key.monthEnd(), wanted, EntryKind.ACCRUAL, terms, effectiveAt));
                }
                continue;
            }
            // C2: what was booked in a currency the deal no longer has is reversed in that currency, then the
            // wanted amount is completed in the deal's currency now
            booked.forEach((currency, net) -> {
                if ((wanted == null || !wanted.currency().equals(currency)) && net.signum() != 0) {
                    due.add(adjustment(key, net.negate(), currency, terms, effectiveAt));
                }
            });
            if (wanted != null) {
                BigDecimal difference = wanted.decimal().subtract(booked.getOrDefault(wanted.currency(), BigDecimal.ZERO));
                if (difference.signum() != 0) {
                    due.add(adjustment(key, difference, wanted.currency(), terms, effectiveAt));
                }
            }
        }
        return due;
    }

    private static PlannedEntry adjustment(Ledger.Key key, BigDecimal amount, String currency, CommissionTerms terms,
                                           Instant effectiveAt) {
        Money signed = Money.of(amount.setScale(CommissionTerms.minorDigits(currency)), currency);
        return new PlannedEntry(key.dealId(), key.monthEnd(), signed, EntryKind.ADJUSTMENT, terms, effectiveAt);
    }
}
