package dev.prm.tier.query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
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

    /**
     * What a partner's tier and points at an instant are computed from; {@code tier} is the one recorded then,
     * {@code firstSeen} the date of the partner's first fact.
     */
    record FactsAt(Instant firstSeen, Tier tier, List<DealFacts> deals, List<AccountPeriod> accounts) {
    }

    /**
     * The partner's recorded tier (its last change effective at or before {@code at}), its deals in the 12-month window
     * at {@code at}, each with the MRR in force then (the latest amendment dated at or before it and not before the
     * close, {@link DealFacts#mrrAt}, as the month-end evaluations use), and the accounts it manages then; empty if the
     * partner is not known. One read, one row per fact.
     */
    Optional<FactsAt> factsAt(String partnerId, Instant at) {
        Timestamp t = Timestamp.from(at);
        FactsCollector facts = new FactsCollector();
        jdbc.query("""
                        select 'P' as fact, null::varchar as id, null::varchar as customer_domain, null::varchar as customer_country,
                               null::numeric as mrr_amount, null::varchar as mrr_currency, p.first_seen as since,
                               null::timestamptz as until,
                               (select to_tier from tier_change t where t.partner_id = p.partner_id and t.effective_at <= ?
                                order by t.effective_at desc, t.global_index desc limit 1) as tier
                        from partner_view p where p.partner_id = ?
                        union all
                        select 'D', d.deal_id, d.customer_domain, d.customer_country,
                               coalesce(a.mrr_amount, d.mrr_amount), coalesce(a.mrr_currency, d.mrr_currency), d.closed_at,
                               coalesce(a.amended_at, d.closed_at), null
                        from deal_points d
                        left join lateral (%s) a on true
                        where d.partner_id = ? and d.closed_at > ? and d.closed_at <= ?
                        union all
                        select 'A', account_id, customer_domain, customer_country, mrr_amount, mrr_currency, valid_from, valid_until, null
                        from account_period
                        where partner_id = ? and valid_from <= ? and (valid_until is null or valid_until > ?)""".formatted(AMENDMENT_IN_FORCE),
                facts, t, partnerId, t, partnerId, Timestamp.from(Windows.monthsBefore(at, 12)), t, partnerId, t, t);
        return facts.result();
    }

    /** The rows of {@link #factsAt}, whatever their order: the partner's row ('P'), its deals ('D') and accounts ('A'). */
    private static final class FactsCollector implements RowCallbackHandler {
        private Instant firstSeen;
        private Tier tier;
        private final List<DealFacts> deals = new ArrayList<>();
        private final List<AccountPeriod> accounts = new ArrayList<>();

        @Override
        public void processRow(ResultSet row) throws SQLException {
            switch (row.getString("fact")) {
                case "P" -> {
                    firstSeen = row.getTimestamp("since").toInstant();
                    tier = row.getString("tier") == null ? Tier.SOLUTIONS_PARTNER : Tier.valueOf(row.getString("tier"));
                }
                case "D" -> deals.add(new DealFacts(row.getString("id"), row.getString("customer_domain"),
                        row.getString("customer_country"), mrr(row), row.getTimestamp("since").toInstant(), row.getTimestamp("until").toInstant()));
                default -> accounts.add(new AccountPeriod(row.getString("id"), row.getString("customer_domain"),
                        row.getString("customer_country"), mrr(row), row.getTimestamp("since").toInstant(),
                        row.getTimestamp("until") == null ? null : row.getTimestamp("until").toInstant()));
            }
        }

        private static Money mrr(ResultSet row) throws SQLException {
            return money(row.getBigDecimal("mrr_amount"), row.getString("mrr_currency"));
        }

        /** Empty when there was no partner row: the partner is not known. */
        Optional<FactsAt> result() {
            return tier == null ? Optional.empty() : Optional.of(new FactsAt(firstSeen, tier, deals, accounts));
        }
    }

    /** Joined laterally to a deal {@code d}: its amendment in force at the instant given as the one parameter. */
    static final String AMENDMENT_IN_FORCE = """
            select mrr_amount, mrr_currency, amended_at, points from deal_amendment
            where partner_id = d.partner_id and deal_id = d.deal_id and amended_at >= d.closed_at and amended_at <= ?
            order by amended_at desc limit 1""";

    /** Every partner's tier in force at t, as recorded (its latest tier change at or before t). */
    static Map<String, Tier> tiersAt(JdbcTemplate jdbc, Instant t) {
        Map<String, Tier> tiers = new HashMap<>();
        jdbc.query("""
                select distinct on (partner_id) partner_id, to_tier from tier_change where effective_at <= ?
                order by partner_id, effective_at desc, global_index desc""",
                row -> {
                    tiers.put(row.getString("partner_id"), Tier.valueOf(row.getString("to_tier")));
                }, Timestamp.from(t));
        return tiers;
    }

    static Money money(java.math.BigDecimal amount, String currency) {
        return Money.of(amount.stripTrailingZeros(), currency);
    }
}
