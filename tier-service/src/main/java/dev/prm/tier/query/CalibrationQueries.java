package dev.prm.tier.query;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.prm.contracts.Tier;
import dev.prm.tier.domain.Calibration;
import dev.prm.tier.domain.PointsPolicy;
import dev.prm.tier.domain.PointsSummary;
import dev.prm.tier.domain.ThresholdCatalog;
import dev.prm.tier.domain.Windows;

/** T10 from the real distribution: every partner's tier and points at {@code at}, in three set-based queries. */
@Component
public class CalibrationQueries {

    private final JdbcTemplate jdbc;
    private final PointsPolicy policy;
    private final ThresholdCatalog catalog;

    CalibrationQueries(JdbcTemplate jdbc, PointsPolicy policy, ThresholdCatalog catalog) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.catalog = catalog;
    }

    public Calibration.Result calibrate(Instant at) {
        return Calibration.calibrate(standings(at), catalog.thresholds().at(at));
    }

    List<Calibration.Standing> standings(Instant at) {
        Timestamp t = Timestamp.from(at);
        Map<String, BigDecimal[]> sold = new HashMap<>();
        // each deal's points with the amendment in force at `at` (rounded per deal, T3)
        jdbc.query("""
                select d.partner_id,
                       coalesce(sum(coalesce(a.points, d.points)), 0) as sold12m,
                       coalesce(sum(coalesce(a.points, d.points)) filter (where d.closed_at > ?), 0) as sold6m
                from deal_points d left join lateral (%s) a on true
                where d.closed_at > ? and d.closed_at <= ? group by d.partner_id""".formatted(PartnerFactsRepository.AMENDMENT_IN_FORCE),
                row -> {
                    sold.put(row.getString("partner_id"), new BigDecimal[] {row.getBigDecimal("sold12m"), row.getBigDecimal("sold6m")});
                }, Timestamp.from(Windows.monthsBefore(at, 6)), t, Timestamp.from(Windows.monthsBefore(at, 12)), t);
        Map<String, BigDecimal> managed = new HashMap<>();
        jdbc.query("""
                select partner_id, customer_country, mrr_amount, mrr_currency, valid_from from account_period
                where valid_from <= ? and (valid_until is null or valid_until > ?)""",
                row -> {
                    BigDecimal points = policy.points(PointsPolicy.Kind.MANAGED,
                            PartnerFactsRepository.money(row.getBigDecimal("mrr_amount"), row.getString("mrr_currency")),
                            row.getString("customer_country"), at, row.getTimestamp("valid_from").toInstant()).value();
                    managed.merge(row.getString("partner_id"), points, BigDecimal::add);
                }, t, t);
        Map<String, Tier> tiers = PartnerFactsRepository.tiersAt(jdbc, at);
        List<Calibration.Standing> standings = new ArrayList<>();
        BigDecimal zero = BigDecimal.ZERO.setScale(2);
        for (String partner : jdbc.queryForList("select partner_id from partner_view where first_seen <= ?", String.class, t)) {
            BigDecimal[] partnerSold = sold.getOrDefault(partner, new BigDecimal[] {zero, zero});
            standings.add(new Calibration.Standing(tiers.getOrDefault(partner, Tier.SOLUTIONS_PARTNER),
                    new PointsSummary(partnerSold[0], partnerSold[1], managed.getOrDefault(partner, zero))));
        }
        return standings;
    }
}
