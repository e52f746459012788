package dev.prm.commission.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.prm.contracts.Money;

/**
 * What is known of one deal, each fact at its effective time (B1). Facts may arrive in any order: an
 * amendment or churn of a deal whose close is not known yet is kept and applies once it is (P1).
 *
 * @param close      {@code null} until the DealClosed is known
 * @param amendments in effective-time order; among equal times, in arrival order
 * @param churnedAt  the earliest churn reported, or {@code null}
 */
public record DealHistory(String dealId, Close close, List<Amendment> amendments, Instant churnedAt) {

    public record Close(Instant closedAt, Money mrr) {
    }

    public record Amendment(Instant effectiveAt, Money mrr) {
    }

    public DealHistory {
        Objects.requireNonNull(dealId, "dealId");
        amendments = List.copyOf(amendments);
    }

    public static DealHistory unknown(String dealId) {
        return new DealHistory(dealId, null, List.of(), null);
    }

    public boolean isClosed() {
        return close != null;
    }

    public DealHistory closed(Instant closedAt, Money mrr) {
        return new DealHistory(dealId, new Close(closedAt, mrr), amendments, churnedAt);
    }

    public DealHistory amended(Instant effectiveAt, Money mrr) {
        List<Amendment> more = new ArrayList<>(amendments);
        int at = more.size();
        while (at > 0 && more.get(at - 1).effectiveAt().isAfter(effectiveAt)) {
            at--;
        }
        more.add(at, new Amendment(effectiveAt, mrr));
        return new DealHistory(dealId, close, more, churnedAt);
    }

    public DealHistory churned(Instant at) {
        Instant earliest = churnedAt == null || at.isBefore(churnedAt) ? at : churnedAt;
        return new DealHistory(dealId, close, amendments, earliest);
    }

    /**
     * C2: the MRR that the accrual of {@code monthEnd} is computed on: the latest fact strictly before the
     * month end, the close or an amendment ("an amendment changes the accruals of month ends after it"), in
     * its own currency: an amendment may change the deal's currency. Only facts dated before the month end
     * count, whatever was taken in first (B3). An amendment dated before the close is older than the close's
     * MRR and never applies.
     */
    public Money mrrAt(Instant monthEnd) {
        requireClosed();
        Money mrr = close.mrr();
        Instant asOf = close.closedAt();
        for (Amendment amendment : amendments) {
            if (!amendment.effectiveAt().isBefore(monthEnd)) {
                break;
            }
            if (!amendment.effectiveAt().isBefore(asOf)) {
                mrr = amendment.mrr();
                asOf = amendment.effectiveAt();
            }
        }
        return mrr;
    }

    /**
     * C1, C2: the month ends at or before {@code upTo} at which the deal earns under {@code terms}: from the
     * month end of its closing month (no proration), while the terms cover it, and up to its churn: a churn
     * stops accruals from the next month end on, so a month end at or before the churn still earns.
     */
    public List<Instant> earningMonthEnds(CommissionTerms terms, Instant upTo) {
        return earningMonthEnds(terms, null, upTo);
    }

    /** The same, only those after {@code after} ({@code null}: all), counted from the closing month all the same. */
    public List<Instant> earningMonthEnds(CommissionTerms terms, Instant after, Instant upTo) {
        requireClosed();
        List<Instant> earning = new ArrayList<>();
        Instant monthEnd = MonthEnds.nextAfter(close.closedAt());
        int nth = 1;
        if (after != null && !after.isBefore(monthEnd)) {
            long skipped = MonthEnds.monthsBetween(monthEnd, MonthEnds.nextAfter(after));
            monthEnd = MonthEnds.plusMonths(monthEnd, skipped);
            nth += Math.toIntExact(skipped);
        }
        for (; !monthEnd.isAfter(upTo) && terms.covers(nth); nth++) {
            if (churnedAt != null && monthEnd.isAfter(churnedAt)) {
                break;
            }
            earning.add(monthEnd);
            monthEnd = MonthEnds.plusMonths(monthEnd, 1);
        }
        return earning;
    }

    private void requireClosed() {
        if (close == null) {
            throw new IllegalStateException("deal " + dealId + " has no known close");
        }
    }
}
