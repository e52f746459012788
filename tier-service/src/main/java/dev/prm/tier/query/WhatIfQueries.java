package dev.prm.tier.query;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import org.postgresql.PGStatement;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.prm.contracts.PartnerKind;
import dev.prm.contracts.Tier;
import dev.prm.program.ProgramCaps;
import dev.prm.tier.domain.AccountPeriod;
import dev.prm.tier.domain.DealFacts;
import dev.prm.tier.domain.DealHistory;
import dev.prm.tier.domain.PointsPolicy;
import dev.prm.tier.domain.PolicyWhatIf;
import dev.prm.tier.domain.ThresholdCatalog;
import dev.prm.tier.domain.TierCalendar;
import dev.prm.tier.domain.Windows;

/**
 * Issue 18, policy what-if: the stored facts of a period read from the read model in a few set-based queries (one
 * repeatable-read snapshot, so both sides see the same history), then replayed in memory by {@link PolicyWhatIf}.
 * Reads only: no projection is touched and nothing is published.
 */
@Component
public class WhatIfQueries {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(WhatIfQueries.class);

    private static final int FETCH_ROWS = 10_000;

    private final JdbcTemplate jdbc;
    private final PointsPolicy policy;
    private final ThresholdCatalog catalog;
    private final PolicyWhatIf whatIf;

    WhatIfQueries(JdbcTemplate jdbc, PointsPolicy policy, ThresholdCatalog catalog, TierCalendar calendar) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.catalog = catalog;
        this.whatIf = new PolicyWhatIf(calendar);
    }

    @Transactional(readOnly = true, isolation = org.springframework.transaction.annotation.Isolation.REPEATABLE_READ)
    public PolicyWhatIf.Result compare(Instant from, Instant to, PolicyWhatIf.Proposal proposal) {
        long started = System.nanoTime();
        List<PolicyWhatIf.PartnerHistory> histories = histories(from, to);
        long read = System.nanoTime();
        PolicyWhatIf.Result result = whatIf.compare(from, to, histories,
                new PolicyWhatIf.Rules(policy, catalog.thresholds(), ProgramCaps.table()), proposal);
        log.info("What-if {} to {}: {} partners read in {} ms, replayed in {} ms", from, to, histories.size(),
                (read - started) / 1_000_000, (System.nanoTime() - read) / 1_000_000);
        return result;
    }

    /**
     * A query whose rows are read {@value #FETCH_ROWS} at a time (the transaction keeps the cursor open) in PostgreSQL's
     * binary format from the first execution: a timestamp is 8 bytes to decode rather than text to parse, which was most
     * of the time spent reading a million facts.
     */
    private void stream(String sql, RowCallbackHandler handler, Object... arguments) {
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            statement.setFetchSize(FETCH_ROWS);
            statement.unwrap(PGStatement.class).setPrepareThreshold(-1); // -1: binary transfer at once
            new ArgumentPreparedStatementSetter(arguments).setValues(statement);
            return statement;
        }, handler);
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime at = row.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    /**
     * Every partner seen by {@code to}, with the facts that can count at a month end from (from − 6 months) to {@code to},
     * its registrations active at some instant of [from, to] and its over-cap period open at {@code from} (registration-events).
     */
    List<PolicyWhatIf.PartnerHistory> histories(Instant from, Instant to) {
        Timestamp end = Timestamp.from(to);
        Instant firstMonthEnd = Windows.monthsBefore(from, TierCalendar.REEVALUATION_WINDOW_MONTHS);
        Timestamp dealsAfter = Timestamp.from(Windows.monthsBefore(firstMonthEnd, 12));

        Map<String, List<DealFacts.DatedMrr>> amendments = new HashMap<>();
        stream("""
                select partner_id, deal_id, mrr_amount, mrr_currency, amended_at from deal_amendment
                where amended_at > ? and amended_at <= ? order by partner_id, deal_id, amended_at""",
                row -> {
                    amendments.computeIfAbsent(row.getString("partner_id") + '\u0000' + row.getString("deal_id"), key -> new ArrayList<>())
                            .add(new DealFacts.DatedMrr(PartnerFactsRepository.money(row.getBigDecimal("mrr_amount"),
                                    row.getString("mrr_currency")), instant(row, "amended_at")));
                }, dealsAfter, end);
        Map<String, List<DealHistory>> deals = new HashMap<>();
        stream("""
                select partner_id, deal_id, customer_domain, customer_country, mrr_amount, mrr_currency, closed_at from deal_points
                where closed_at > ? and closed_at <= ?""",
                row -> {
                    String partner = row.getString("partner_id");
                    String deal = row.getString("deal_id");
                    deals.computeIfAbsent(partner, key -> new ArrayList<>()).add(new DealHistory(deal,
                            row.getString("customer_domain"), row.getString("customer_country"),
                            new DealFacts.DatedMrr(PartnerFactsRepository.money(row.getBigDecimal("mrr_amount"),
                                    row.getString("mrr_currency")), instant(row, "closed_at")),
                            amendments.getOrDefault(partner + '\u0000' + deal, List.of())));
                }, dealsAfter, end);
        Map<String, List<AccountPeriod>> accounts = new HashMap<>();
        stream("""
                select partner_id, account_id, customer_domain, customer_country, mrr_amount, mrr_currency, valid_from, valid_until
                from account_period where valid_from <= ? and (valid_until is null or valid_until > ?)""",
                row -> {
                    accounts.computeIfAbsent(row.getString("partner_id"), key -> new ArrayList<>()).add(new AccountPeriod(
                            row.getString("account_id"), row.getString("customer_domain"), row.getString("customer_country"),
                            PartnerFactsRepository.money(row.getBigDecimal("mrr_amount"), row.getString("mrr_currency")),
                            instant(row, "valid_from"), instant(row, "valid_until")));
                }, end, Timestamp.from(firstMonthEnd));
        Map<String, Tier> tiersAtStart = PartnerFactsRepository.tiersAt(jdbc, from);
        Map<String, NavigableMap<Instant, Tier>> enrolments = new HashMap<>();
        jdbc.query("""
                select partner_id, effective_at, to_tier from tier_change
                where reason = 'ENROLMENT' and effective_at > ? and effective_at <= ?""",
                row -> {
                    enrolments.computeIfAbsent(row.getString("partner_id"), key -> new TreeMap<>())
                            .put(row.getTimestamp("effective_at").toInstant(), Tier.valueOf(row.getString("to_tier")));
                }, Timestamp.from(from), end);
        Map<String, List<PolicyWhatIf.Registration>> registrations = new HashMap<>();
        stream("""
                select partner_id, registered_at, least(valid_until, coalesce(ended_at, valid_until)) as ends_at
                from registration_fact where registered_at <= ? and valid_until > ? and (ended_at is null or ended_at > ?)""",
                row -> {
                    registrations.computeIfAbsent(row.getString("partner_id"), key -> new ArrayList<>()).add(
                            new PolicyWhatIf.Registration(instant(row, "registered_at"), instant(row, "ends_at")));
                }, end, Timestamp.from(from), Timestamp.from(from));
        Map<String, PolicyWhatIf.OverCapAtStart> overCap = new HashMap<>();
        jdbc.query("""
                select distinct on (partner_id) partner_id, since, deadline from registration_over_cap
                where since <= ? and (restored_at is null or restored_at > ?) order by partner_id, since desc""",
                row -> {
                    overCap.put(row.getString("partner_id"), new PolicyWhatIf.OverCapAtStart(
                            row.getTimestamp("since").toInstant(), row.getTimestamp("deadline").toInstant()));
                }, Timestamp.from(from), Timestamp.from(from));
        return jdbc.query("select partner_id, kind, first_seen from partner_view where first_seen <= ?",
                (row, i) -> {
                    String partner = row.getString("partner_id");
                    return new PolicyWhatIf.PartnerHistory(partner, PartnerKind.valueOf(row.getString("kind")),
                            row.getTimestamp("first_seen").toInstant(), tiersAtStart.getOrDefault(partner, Tier.SOLUTIONS_PARTNER),
                            enrolments.getOrDefault(partner, new TreeMap<>()), deals.getOrDefault(partner, List.of()),
                            accounts.getOrDefault(partner, List.of()), registrations.getOrDefault(partner, List.of()),
                            overCap.get(partner));
                }, end);
    }
}
