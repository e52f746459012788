package dev.prm.commission.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
        Map<Ledger.Key, Money> expected = new HashMap<>();
        Map<String, CommissionTerms> termsByDeal = new HashMap<>();
        for (DealHistory deal : deals) {
            if (!deal.isClosed()) {
                continue;
            }
            CommissionTerms terms = policy.termsFor(deal.close().closedAt(), kind);
            termsByDeal.put(deal.dealId(), terms);
            for (Instant monthEnd : deal.earningMonthEnds(terms, businessNow)) {
                expected.put(new Ledger.Key(deal.dealId(), monthEnd), terms.commissionOn(deal.mrrAt(monthEnd)));
            }
        }
        List<Ledger.Key> keys = new ArrayList<>(expected.keySet());
        for (Ledger.Key booked : ledger.keys()) {
            if (!expected.containsKey(booked) && termsByDeal.containsKey(booked.dealId())) {
                keys.add(booked);
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
