package dev.prm.tier.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import dev.prm.contracts.Money;

/** GET /api/partners/{id}/points: the breakdown per deal and account at {@code asOf} (SPEC §5, T5). */
public record PointsView(String partnerId, Instant asOf, List<DealPoints> deals, List<AccountPoints> accounts,
                         Totals totals, List<LeavingWindow> leavingWindow) {

    /** {@code inSold6m}: whether the deal also counts in the 6-month window. */
    public record DealPoints(String dealId, String customerDomain, String customerCountry, Money mrr, Instant closedAt,
                             BigDecimal emFactor, BigDecimal points, boolean inSold6m) {
    }

    public record AccountPoints(String accountId, String customerDomain, String customerCountry, Money mrr,
                                Instant managedSince, BigDecimal emFactor, BigDecimal points) {
    }

    public record Totals(BigDecimal sold12m, BigDecimal sold6m, BigDecimal managed, BigDecimal total12m, BigDecimal total6m) {
    }

    /** Sold points that leave the 12-month window by the given month end (after the previous one). */
    public record LeavingWindow(Instant byMonthEnd, BigDecimal points) {
    }
}
