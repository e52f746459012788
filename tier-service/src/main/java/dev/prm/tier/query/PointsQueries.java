package dev.prm.tier.query;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.prm.contracts.Money;
import dev.prm.tier.domain.Windows;
import dev.prm.tier.query.PointsView.DealPoints;
import dev.prm.tier.query.PointsView.LeavingWindow;
import dev.prm.tier.query.PointsView.Totals;

/** Answers points at any instant from the projection (SPEC B2). */
@Component
public class PointsQueries {

    private static final int LEAVING_MONTHS = 3;

    private final JdbcTemplate jdbc;

    PointsQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<PointsView> points(String partnerId, Instant asOf) {
        if (!partnerKnown(partnerId)) {
            return Optional.empty();
        }
        Instant from12m = Windows.monthsBefore(asOf, 12);
        Instant from6m = Windows.monthsBefore(asOf, 6);
        List<DealPoints> deals = jdbc.query("""
                        select deal_id, customer_domain, customer_country, mrr_amount, mrr_currency, closed_at, em_factor, points
                        from deal_points where partner_id = ? and closed_at > ? and closed_at <= ?
                        order by closed_at, deal_id""",
                (row, i) -> {
                    Instant closedAt = row.getTimestamp("closed_at").toInstant();
                    return new DealPoints(row.getString("deal_id"), row.getString("customer_domain"),
                            row.getString("customer_country"),
                            Money.of(row.getBigDecimal("mrr_amount").stripTrailingZeros(), row.getString("mrr_currency")),
                            closedAt, row.getBigDecimal("em_factor"), row.getBigDecimal("points"), closedAt.isAfter(from6m));
                },
                partnerId, Timestamp.from(from12m), Timestamp.from(asOf));
        BigDecimal sold12m = sum(deals.stream().map(DealPoints::points).toList());
        BigDecimal sold6m = sum(deals.stream().filter(DealPoints::inSold6m).map(DealPoints::points).toList());
        BigDecimal managed = BigDecimal.ZERO.setScale(2);
        Totals totals = new Totals(sold12m, sold6m, managed, sold12m.add(managed), sold6m.add(managed));
        return Optional.of(new PointsView(partnerId, asOf, deals, List.of(), totals, leavingWindow(deals, asOf)));
    }

    /** For each of the next month ends M1..M3: points of deals in the window at asOf that are out of it at Mk. */
    private static List<LeavingWindow> leavingWindow(List<DealPoints> inWindow, Instant asOf) {
        List<LeavingWindow> leaving = new ArrayList<>(LEAVING_MONTHS);
        Instant previousEdge = Windows.monthsBefore(asOf, 12);
        Instant monthEnd = asOf;
        for (int k = 0; k < LEAVING_MONTHS; k++) {
            monthEnd = Windows.nextMonthEnd(monthEnd);
            Instant edge = Windows.monthsBefore(monthEnd, 12);
            Instant lower = previousEdge;
            BigDecimal points = sum(inWindow.stream()
                    .filter(deal -> deal.closedAt().isAfter(lower) && !deal.closedAt().isAfter(edge))
                    .map(DealPoints::points).toList());
            leaving.add(new LeavingWindow(monthEnd, points));
            previousEdge = edge;
        }
        return leaving;
    }

    private boolean partnerKnown(String partnerId) {
        return !jdbc.queryForList("select 1 from partner_view where partner_id = ?", Integer.class, partnerId).isEmpty();
    }

    private static BigDecimal sum(List<BigDecimal> values) {
        return values.stream().reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
    }
}
