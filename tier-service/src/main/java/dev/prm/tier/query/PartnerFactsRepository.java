package dev.prm.tier.query;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.prm.contracts.Money;
import dev.prm.contracts.Tier;
import dev.prm.tier.domain.AccountPeriod;
import dev.prm.tier.domain.DealFacts;
import dev.prm.tier.domain.Windows;

/** Reads the facts the points calculator needs at an instant from the read model. */
@Component
class PartnerFactsRepository {

    private final JdbcTemplate jdbc;

    PartnerFactsRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    boolean known(String partnerId) {
        return !jdbc.queryForList("select 1 from partner_view where partner_id = ?", Integer.class, partnerId).isEmpty();
    }

    /** Deals in the 12-month window at {@code at}, with their latest MRR. */
    List<DealFacts> dealsInWindow(String partnerId, Instant at) {
        return jdbc.query("""
                        select deal_id, customer_domain, customer_country, mrr_amount, mrr_currency, closed_at from deal_points
                        where partner_id = ? and closed_at > ? and closed_at <= ?""",
                (row, i) -> new DealFacts(row.getString("deal_id"), row.getString("customer_domain"),
                        row.getString("customer_country"), money(row.getBigDecimal("mrr_amount"), row.getString("mrr_currency")),
                        row.getTimestamp("closed_at").toInstant()),
                partnerId, Timestamp.from(Windows.monthsBefore(at, 12)), Timestamp.from(at));
    }

    List<AccountPeriod> accountsManagedAt(String partnerId, Instant at) {
        Timestamp t = Timestamp.from(at);
        return jdbc.query("""
                        select account_id, customer_domain, customer_country, mrr_amount, mrr_currency, valid_from, valid_until
                        from account_period
                        where partner_id = ? and valid_from <= ? and (valid_until is null or valid_until > ?)""",
                (row, i) -> new AccountPeriod(row.getString("account_id"), row.getString("customer_domain"),
                        row.getString("customer_country"), money(row.getBigDecimal("mrr_amount"), row.getString("mrr_currency")),
                        row.getTimestamp("valid_from").toInstant(),
                        row.getTimestamp("valid_until") == null ? null : row.getTimestamp("valid_until").toInstant()),
                partnerId, t, t);
    }

    /** The tier in force at {@code at}: the last change effective at or before it. */
    Tier tierAt(String partnerId, Instant at) {
        List<String> tiers = jdbc.queryForList("""
                select to_tier from tier_change where partner_id = ? and effective_at <= ?
                order by effective_at desc, global_index desc limit 1""", String.class, partnerId, Timestamp.from(at));
        return tiers.isEmpty() ? Tier.SOLUTIONS_PARTNER : Tier.valueOf(tiers.getFirst());
    }

    static Money money(java.math.BigDecimal amount, String currency) {
        return Money.of(amount.stripTrailingZeros(), currency);
    }
}
