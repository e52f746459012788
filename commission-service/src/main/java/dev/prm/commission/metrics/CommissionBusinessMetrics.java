package dev.prm.commission.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.prm.platform.metrics.BusinessGauges;
import io.micrometer.core.instrument.Tags;

/**
 * The program view of commission-service, read from the read models in the background ({@link BusinessGauges}):
 * <ul>
 * <li>{@code prm_commission_holds_active}: partners whose commissions are held now (an open hold, C3);</li>
 * <li>{@code prm_commission_accrued_amount{currency}}: every ledger entry so far (accruals and signed
 * adjustments), in the currency's units;</li>
 * <li>{@code prm_commission_held_amount{currency}}: the part of it held now (month end inside an open hold);</li>
 * <li>{@code prm_commission_released_amount{currency}}: what ended holds released.</li>
 * </ul>
 * Every currency with entries has a held and a released row, 0 when nothing is held or released.
 */
@Component
public class CommissionBusinessMetrics {

    private final JdbcTemplate jdbc;

    public CommissionBusinessMetrics(JdbcTemplate jdbc, BusinessGauges gauges) {
        this.jdbc = jdbc;
        gauges.register("prm.commission.holds.active", "Partners whose commissions are held now (C3)",
                () -> Map.of(Tags.empty(), jdbc.queryForObject(
                        "select count(distinct partner_id) from commission_hold where until is null", Long.class)));
        gauges.register("prm.commission.accrued.amount", "Commission ledger total (accruals and adjustments) per currency",
                () -> perCurrency("select currency, sum(amount) as amount from commission_entry group by currency"));
        gauges.register("prm.commission.held.amount", "Commission held now per currency (month end inside an open hold)",
                () -> perCurrency("""
                        select e.currency, sum(e.amount) as amount from commission_entry e
                        where exists (select 1 from commission_hold h
                                      where h.partner_id = e.partner_id and h.until is null and e.month_end >= h.since)
                        group by e.currency"""));
        gauges.register("prm.commission.released.amount", "Commission released by ended holds per currency",
                () -> perCurrency("select currency, sum(amount) as amount from commission_hold_release group by currency"));
    }

    private Map<Tags, Double> perCurrency(String sql) {
        Map<Tags, Double> rows = new LinkedHashMap<>();
        for (String currency : jdbc.queryForList("select distinct currency from commission_entry order by 1", String.class)) {
            rows.put(Tags.of("currency", currency), 0.0);
        }
        jdbc.query(sql, row -> {
            rows.put(Tags.of("currency", row.getString("currency")), row.getBigDecimal("amount").doubleValue());
        });
        return rows;
    }
}
