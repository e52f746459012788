package dev.prm.tier.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.prm.contracts.Money;

import dev.prm.tier.domain.PointsPolicy.Kind;

/**
 * T5: points of a partner at an instant D from its deals and managed accounts. Sold points use the tables
 * in force at each deal's close; managed points those in force at D. The same code answers the month-end
 * evaluations and the asOf queries, so they cannot disagree; both pass the facts as they stood at D (B3).
 * <p>
 * T3: each deal's and account's points are rounded (half-up, 2 decimals) by {@link PointsPolicy}; every total here
 * is a sum of those rounded items, so the breakdown adds up to the totals the thresholds are compared with.
 */
public final class PointsCalculator {

    private final PointsPolicy policy;
    /** Sold points already computed, by their inputs; null: computed every time. */
    private final Map<SoldItem, PointsPolicy.Points> soldPoints;

    public PointsCalculator(PointsPolicy policy) {
        this(policy, null);
    }

    private PointsCalculator(PointsPolicy policy, Map<SoldItem, PointsPolicy.Points> soldPoints) {
        this.policy = policy;
        this.soldPoints = soldPoints;
    }

    /**
     * A calculator that computes a deal's sold points once for each MRR it has: they depend on the MRR, the country,
     * the close and the MRR's date only (T5: the tables at the close), so a replay that sums a deal at every month end of
     * its window gets the same points. Not thread-safe: one per replay.
     */
    public static PointsCalculator rememberingSoldPoints(PointsPolicy policy) {
        return new PointsCalculator(policy, new HashMap<>());
    }

    /** Everything {@link PointsPolicy#points} reads for a sold deal. */
    private record SoldItem(Money mrr, String customerCountry, Instant closedAt, Instant mrrSince) {
    }

    public record DealLine(DealFacts deal, BigDecimal emFactor, BigDecimal points, boolean inSold6m) {
    }

    public record AccountLine(AccountPeriod account, BigDecimal emFactor, BigDecimal points) {
    }

    public record Breakdown(Instant at, List<DealLine> deals, List<AccountLine> accounts, PointsSummary summary) {
    }

    public Breakdown at(Instant d, Collection<DealFacts> deals, Collection<AccountPeriod> accounts) {
        List<DealLine> dealLines = new ArrayList<>();
        List<AccountLine> accountLines = new ArrayList<>();
        PointsSummary summary = sum(d, deals, accounts, dealLines, accountLines);
        dealLines.sort(Comparator.comparing((DealLine line) -> line.deal().closedAt()).thenComparing(line -> line.deal().dealId()));
        accountLines.sort(Comparator.comparing(line -> line.account().accountId()));
        return new Breakdown(d, dealLines, accountLines, summary);
    }

    /** The totals alone: the same sums as {@link #at}, without building and sorting the lines (month-end evaluations, the what-if). */
    public PointsSummary summaryAt(Instant d, Collection<DealFacts> deals, Collection<AccountPeriod> accounts) {
        return sum(d, deals, accounts, null, null);
    }

    /** T5's sums; each item's lines are added to {@code dealLines} and {@code accountLines} unless they are null. */
    private PointsSummary sum(Instant d, Collection<DealFacts> deals, Collection<AccountPeriod> accounts,
                             List<DealLine> dealLines, List<AccountLine> accountLines) {
        BigDecimal sold12m = BigDecimal.ZERO.setScale(PointsPolicy.POINTS_SCALE);
        BigDecimal sold6m = sold12m;
        // Windows.inWindow with the window starts computed once, not per deal
        Instant after12m = Windows.monthsBefore(d, 12);
        Instant after6m = Windows.monthsBefore(d, 6);
        for (DealFacts deal : deals) {
            if (!deal.closedAt().isAfter(after12m) || deal.closedAt().isAfter(d)) {
                continue;
            }
            PointsPolicy.Points points = soldPoints == null ? soldPoints(deal.mrr(), deal.customerCountry(), deal.closedAt(), deal.mrrSince())
                    : soldPoints.computeIfAbsent(new SoldItem(deal.mrr(), deal.customerCountry(), deal.closedAt(), deal.mrrSince()),
                    item -> soldPoints(item.mrr(), item.customerCountry(), item.closedAt(), item.mrrSince()));
            boolean in6m = deal.closedAt().isAfter(after6m);
            if (dealLines != null) {
                dealLines.add(new DealLine(deal, points.emergingMarketFactor(), points.value(), in6m));
            }
            sold12m = sold12m.add(points.value());
            if (in6m) {
                sold6m = sold6m.add(points.value());
            }
        }
        BigDecimal managed = BigDecimal.ZERO.setScale(PointsPolicy.POINTS_SCALE);
        for (AccountPeriod account : accounts) {
            if (!account.activeAt(d)) {
                continue;
            }
            PointsPolicy.Points points = policy.points(Kind.MANAGED, account.mrr(), account.customerCountry(), d,
                    account.from());
            if (accountLines != null) {
                accountLines.add(new AccountLine(account, points.emergingMarketFactor(), points.value()));
            }
            managed = managed.add(points.value());
        }
        return new PointsSummary(sold12m, sold6m, managed);
    }

    private PointsPolicy.Points soldPoints(Money mrr, String customerCountry, Instant closedAt, Instant mrrSince) {
        return policy.points(Kind.SOLD, mrr, customerCountry, closedAt, mrrSince);
    }
}
