package dev.prm.tier.query;

import java.util.HashMap;

import java.util.Map;

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

    /** What a partner's tier and points at an instant are computed from; {@code tier} is the one recorded then. */
    record FactsAt(Tier tier, List<DealFacts> deals, List<AccountPeriod> accounts) {
    }

    /**
     * The partner's recorded tier, deals in the window ({@link #dealsInWindow}) and accounts managed
     * ({@link #accountsManagedAt}) at {@code at}, or empty if the partner is not known: one read, one row per fact.
     */
    java.util.Optional<FactsAt> factsAt(String partnerId, Instant at) {
        Timestamp t = Timestamp.from(at);
        Tier[] tier = {null};
        List<DealFacts> deals = new java.util.ArrayList<>();
        List<AccountPeriod> accounts = new java.util.ArrayList<>();
        jdbc.query("""
                        select 'P' as fact, null::varchar as id, null::varchar as customer_domain, null::varchar as customer_country,
                               null::numeric as mrr_amount, null::varchar as mrr_currency, null::timestamptz as since,
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
                row -> {
                    switch (row.getString("fact")) {
                        case "P" -> tier[0] = row.getString("tier") == null ? Tier.SOLUTIONS_PARTNER : Tier.valueOf(row.getString("tier"));
                        case "D" -> deals.add(new DealFacts(row.getString("id"), row.getString("customer_domain"),
                                row.getString("customer_country"), money(row.getBigDecimal("mrr_amount"), row.getString("mrr_currency")),
                                row.getTimestamp("since").toInstant(), row.getTimestamp("until").toInstant()));
                        default -> accounts.add(new AccountPeriod(row.getString("id"), row.getString("customer_domain"),
                                row.getString("customer_country"), money(row.getBigDecimal("mrr_amount"), row.getString("mrr_currency")),
                                row.getTimestamp("since").toInstant(),
                                row.getTimestamp("until") == null ? null : row.getTimestamp("until").toInstant()));
                    }
                },
                t, partnerId, t, partnerId, Timestamp.from(Windows.monthsBefore(at, 12)), t, partnerId, t, t);
        return tier[0] == null ? java.util.Optional.empty() : java.util.Optional.of(new FactsAt(tier[0], deals, accounts));
    }

    /** The date of the partner's first fact, if known. */
    java.util.Optional<Instant> firstSeen(String partnerId) {
        return jdbc.queryForList("select first_seen from partner_view where partner_id = ?", Timestamp.class, partnerId)
                .stream().findFirst().map(Timestamp::toInstant);
    }

    /**
     * Deals in the 12-month window at {@code at}, each with the MRR in force at {@code at}: the latest amendment dated
     * at or before it and not before the close ({@link DealFacts#mrrAt}, which the month-end evaluations use).
     */
    List<DealFacts> dealsInWindow(String partnerId, Instant at) {
        return jdbc.query("""
                        select d.deal_id, d.customer_domain, d.customer_country, d.closed_at,
                               coalesce(a.mrr_amount, d.mrr_amount) as mrr_amount, coalesce(a.mrr_currency, d.mrr_currency) as mrr_currency,
                               coalesce(a.amended_at, d.closed_at) as mrr_since
                        from deal_points d
                        left join lateral (%s) a on true
                        where d.partner_id = ? and d.closed_at > ? and d.closed_at <= ?""".formatted(AMENDMENT_IN_FORCE),
                (row, i) -> new DealFacts(row.getString("deal_id"), row.getString("customer_domain"),
                        row.getString("customer_country"), money(row.getBigDecimal("mrr_amount"), row.getString("mrr_currency")),
                        row.getTimestamp("closed_at").toInstant(), row.getTimestamp("mrr_since").toInstant()),
                Timestamp.from(at), partnerId, Timestamp.from(Windows.monthsBefore(at, 12)), Timestamp.from(at));
    }

    /** Joined laterally to a deal {@code d}: its amendment in force at the instant given as the one parameter. */
    static final String AMENDMENT_IN_FORCE = """
            select mrr_amount, mrr_currency, amended_at, points from deal_amendment
            where partner_id = d.partner_id and deal_id = d.deal_id and amended_at >= d.closed_at and amended_at <= ?
            order by amended_at desc limit 1""";

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
