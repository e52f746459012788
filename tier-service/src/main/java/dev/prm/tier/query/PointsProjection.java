package dev.prm.tier.query;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.prm.contracts.Money;
import dev.prm.tier.command.AccountManagementRecorded;
import dev.prm.tier.command.AccountReleaseRecorded;
import dev.prm.tier.command.DealAmendmentRecorded;
import dev.prm.tier.command.DealChurnRecorded;
import dev.prm.tier.command.DealRecorded;
import dev.prm.tier.command.PartnerEnrolmentRecorded;
import dev.prm.tier.domain.PointsPolicy;

/**
 * Partners, deals (their close), every amendment (with its points once its deal is known) and managed-account
 * periods, from the event store. A question at D picks the facts dated at or before D ({@link PartnerFactsRepository}),
 * so the rows never depend on the order facts were taken in (B3). Idempotent: a batch processed again after a failure
 * leaves the same rows.
 */
@Component
@ProcessingGroup(PointsProjection.PROCESSING_GROUP)
class PointsProjection {

    static final String PROCESSING_GROUP = "points";
    private static final String PENDING = PointsProjection.class.getName() + ".pending";

    private final JdbcTemplate jdbc;
    private final PointsPolicy policy;
    /** Outside a unit of work (never the case in a processor), each event is written at once. */
    private final Pending outsideBatch = new Pending();

    PointsProjection(JdbcTemplate jdbc, PointsPolicy policy) {
        this.jdbc = jdbc;
        this.policy = policy;
    }

    @EventHandler
    void on(PartnerEnrolmentRecorded event) {
        pending().seen(event.partnerId(), event.enrolledAt());
        flush(); // rare: its row's update follows everything before it
        jdbc.update("update partner_view set name = ?, kind = ?, country = ?, enrolled = true where partner_id = ?",
                event.name(), event.kind().name(), event.country(), event.partnerId());
    }

    @EventHandler
    void on(DealRecorded event) {
        Pending pending = pending();
        pending.seen(event.partnerId(), event.closedAt());
        pending.deals.add(event);
        flushOutsideBatch();
    }

    /** T5: every amendment is kept; a question at D uses the latest dated at or before D. Two of one instant: the last. */
    @EventHandler
    void on(DealAmendmentRecorded event) {
        Pending pending = pending();
        pending.seen(event.partnerId(), event.amendedAt());
        pending.amendments.add(event);
        flushOutsideBatch();
    }

    @EventHandler
    void on(DealChurnRecorded event) {
        Pending pending = pending();
        pending.seen(event.partnerId(), event.churnedAt());
        pending.churns.add(event);
        flushOutsideBatch();
    }

    @EventHandler
    void on(AccountManagementRecorded event) {
        Pending pending = pending();
        pending.seen(event.partnerId(), event.at());
        pending.periods.add(event);
        pending.accountsToEnd.add(List.of(event.partnerId(), event.accountId()));
        flushOutsideBatch();
    }

    @EventHandler
    void on(AccountReleaseRecorded event) {
        Pending pending = pending();
        pending.seen(event.partnerId(), event.at());
        pending.releases.add(event);
        pending.accountsToEnd.add(List.of(event.partnerId(), event.accountId()));
        flushOutsideBatch();
    }

    @ResetHandler
    void reset() {
        flush();
        jdbc.update("truncate deal_points, deal_amendment, account_period, account_release, partner_view");
    }

    /**
     * A processing batch's rows, written when it commits: one JDBC batch per kind of statement instead of two or three
     * statements per event. The order below gives the rows the stream's order would: upserts of one key keep their
     * order within their batch, points of amendments are computed once their deals are in, and an account's periods are
     * ended from all of its facts.
     */
    private static final class Pending {
        final Map<String, Instant> firstSeen = new HashMap<>();
        final List<DealRecorded> deals = new ArrayList<>();
        final List<DealAmendmentRecorded> amendments = new ArrayList<>();
        final List<DealChurnRecorded> churns = new ArrayList<>();
        final List<AccountManagementRecorded> periods = new ArrayList<>();
        final List<AccountReleaseRecorded> releases = new ArrayList<>();
        final Set<List<String>> accountsToEnd = new LinkedHashSet<>();

        void seen(String partnerId, Instant at) {
            firstSeen.merge(partnerId, at, (a, b) -> a.isBefore(b) ? a : b);
        }

        void clear() {
            firstSeen.clear();
            deals.clear();
            amendments.clear();
            churns.clear();
            periods.clear();
            releases.clear();
            accountsToEnd.clear();
        }

        boolean isEmpty() {
            return firstSeen.isEmpty() && deals.isEmpty() && amendments.isEmpty() && churns.isEmpty() && periods.isEmpty()
                    && releases.isEmpty() && accountsToEnd.isEmpty();
        }
    }

    private Pending pending() {
        if (!CurrentUnitOfWork.isStarted()) {
            return outsideBatch;
        }
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(PENDING, key -> {
            batch.onPrepareCommit(done -> flush());
            return new Pending();
        });
    }

    private void flushOutsideBatch() {
        if (!CurrentUnitOfWork.isStarted()) {
            flush();
        }
    }

    private void flush() {
        Pending pending = pending();
        if (pending.isEmpty()) {
            return;
        }
        writeSeen(pending.firstSeen);
        writeDeals(pending.deals);
        writeAmendments(pending.amendments);
        writeChurns(pending.churns);
        writePeriods(pending.periods, pending.releases, pending.accountsToEnd);
        pending.clear();
    }

    private void writeSeen(Map<String, Instant> firstSeen) {
        if (firstSeen.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("""
                insert into partner_view (partner_id, first_seen) values (?, ?)
                on conflict (partner_id) do update set first_seen = least(partner_view.first_seen, excluded.first_seen)""",
                new ArrayList<>(firstSeen.entrySet()), firstSeen.size(), (statement, partner) -> {
                    statement.setString(1, partner.getKey());
                    statement.setTimestamp(2, Timestamp.from(partner.getValue()));
                });
    }

    private void writeDeals(List<DealRecorded> deals) {
        if (deals.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("""
                insert into deal_points (partner_id, deal_id, customer_domain, customer_country, mrr_amount, mrr_currency,
                                         closed_at, em_factor, points)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (partner_id, deal_id) do nothing""", deals, deals.size(), (statement, deal) -> {
                    PointsPolicy.Points points = policy.points(PointsPolicy.Kind.SOLD, deal.mrr(), deal.customerCountry(), deal.closedAt());
                    statement.setString(1, deal.partnerId());
                    statement.setString(2, deal.dealId());
                    statement.setString(3, deal.customerDomain());
                    statement.setString(4, deal.customerCountry());
                    statement.setBigDecimal(5, deal.mrr().decimal());
                    statement.setString(6, deal.mrr().currency());
                    statement.setTimestamp(7, Timestamp.from(deal.closedAt()));
                    statement.setBigDecimal(8, points.emergingMarketFactor());
                    statement.setBigDecimal(9, points.value());
                });
        // amendments that arrived before their deal (P1) get their points
        amendmentPoints("""
                select a.partner_id, a.deal_id, a.amended_at, a.mrr_amount, a.mrr_currency, d.customer_country, d.closed_at
                from unnest(?::varchar[], ?::varchar[]) as k(partner_id, deal_id)
                cross join lateral (select * from deal_amendment a where a.partner_id = k.partner_id and a.deal_id = k.deal_id) a
                join deal_points d on d.partner_id = a.partner_id and d.deal_id = a.deal_id""",
                deals.stream().map(DealRecorded::partnerId).toArray(), deals.stream().map(DealRecorded::dealId).toArray(), null);
    }

    private void writeAmendments(List<DealAmendmentRecorded> amendments) {
        if (amendments.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("""
                insert into deal_amendment (partner_id, deal_id, mrr_amount, mrr_currency, amended_at) values (?, ?, ?, ?, ?)
                on conflict (partner_id, deal_id, amended_at) do update
                    set mrr_amount = excluded.mrr_amount, mrr_currency = excluded.mrr_currency""",
                amendments, amendments.size(), (statement, amendment) -> {
                    statement.setString(1, amendment.partnerId());
                    statement.setString(2, amendment.dealId());
                    statement.setBigDecimal(3, amendment.mrr().decimal());
                    statement.setString(4, amendment.mrr().currency());
                    statement.setTimestamp(5, Timestamp.from(amendment.amendedAt()));
                });
        amendmentPoints("""
                select a.partner_id, a.deal_id, a.amended_at, a.mrr_amount, a.mrr_currency, d.customer_country, d.closed_at
                from unnest(?::varchar[], ?::varchar[], ?::timestamptz[]) as k(partner_id, deal_id, amended_at)
                cross join lateral (select * from deal_amendment a where a.partner_id = k.partner_id and a.deal_id = k.deal_id
                                    and a.amended_at = k.amended_at) a
                join deal_points d on d.partner_id = a.partner_id and d.deal_id = a.deal_id""",
                amendments.stream().map(DealAmendmentRecorded::partnerId).toArray(),
                amendments.stream().map(DealAmendmentRecorded::dealId).toArray(),
                amendments.stream().map(amendment -> amendment.amendedAt().toString()).toArray());
    }

    /**
     * T3: an amendment's sold points with the tables at its deal's close, once the deal is known; one query, one batch.
     * The queries look each key up (lateral): joined with the keys as a set, the table was planned as a full scan.
     */
    private void amendmentPoints(String query, Object[] partners, Object[] deals, Object[] instants) {
        List<Object[]> updates = new ArrayList<>();
        jdbc.query(connection -> {
            var statement = connection.prepareStatement(query);
            statement.setArray(1, connection.createArrayOf("varchar", partners));
            statement.setArray(2, connection.createArrayOf("varchar", deals));
            if (instants != null) { // ISO-8601 instants, cast by the query
                statement.setArray(3, connection.createArrayOf("varchar", instants));
            }
            return statement;
        }, row -> {
            Money mrr = Money.of(row.getBigDecimal("mrr_amount"), row.getString("mrr_currency"));
            Timestamp amendedAt = row.getTimestamp("amended_at");
            PointsPolicy.Points points = policy.points(PointsPolicy.Kind.SOLD, mrr, row.getString("customer_country"),
                    row.getTimestamp("closed_at").toInstant(), amendedAt.toInstant());
            updates.add(new Object[] {points.value(), points.emergingMarketFactor(), row.getString("partner_id"),
                    row.getString("deal_id"), amendedAt});
        });
        if (!updates.isEmpty()) {
            jdbc.batchUpdate("update deal_amendment set points = ?, em_factor = ? where partner_id = ? and deal_id = ? and amended_at = ?",
                    updates);
        }
    }

    private void writeChurns(List<DealChurnRecorded> churns) {
        if (churns.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("update deal_points set churned_at = ? where partner_id = ? and deal_id = ?", churns, churns.size(),
                (statement, churn) -> {
                    statement.setTimestamp(1, Timestamp.from(churn.churnedAt()));
                    statement.setString(2, churn.partnerId());
                    statement.setString(3, churn.dealId());
                });
    }

    /** Each period of an account lasts until its next dated fact: the next period's start, or a release at or after it. */
    private void writePeriods(List<AccountManagementRecorded> periods, List<AccountReleaseRecorded> releases,
                              Set<List<String>> accounts) {
        if (!periods.isEmpty()) {
            jdbc.batchUpdate("""
                    insert into account_period (partner_id, account_id, valid_from, customer_domain, customer_country,
                                                mrr_amount, mrr_currency)
                    values (?, ?, ?, ?, ?, ?, ?)
                    on conflict (partner_id, account_id, valid_from) do update
                        set customer_domain = excluded.customer_domain, customer_country = excluded.customer_country,
                            mrr_amount = excluded.mrr_amount, mrr_currency = excluded.mrr_currency""",
                    periods, periods.size(), (statement, period) -> {
                        statement.setString(1, period.partnerId());
                        statement.setString(2, period.accountId());
                        statement.setTimestamp(3, Timestamp.from(period.at()));
                        statement.setString(4, period.customerDomain());
                        statement.setString(5, period.customerCountry());
                        statement.setBigDecimal(6, period.mrr().decimal());
                        statement.setString(7, period.mrr().currency());
                    });
        }
        if (!releases.isEmpty()) {
            jdbc.batchUpdate("insert into account_release (partner_id, account_id, released_at) values (?, ?, ?) on conflict do nothing",
                    releases, releases.size(), (statement, release) -> {
                        statement.setString(1, release.partnerId());
                        statement.setString(2, release.accountId());
                        statement.setTimestamp(3, Timestamp.from(release.at()));
                    });
        }
        if (!accounts.isEmpty()) {
            jdbc.batchUpdate("""
                    update account_period p set valid_until = (
                        select min(next_fact) from (
                            select q.valid_from as next_fact from account_period q
                            where q.partner_id = p.partner_id and q.account_id = p.account_id and q.valid_from > p.valid_from
                            union all
                            select r.released_at from account_release r
                            where r.partner_id = p.partner_id and r.account_id = p.account_id and r.released_at >= p.valid_from) facts)
                    where p.partner_id = ? and p.account_id = ?""",
                    accounts.stream().map(account -> new Object[] {account.get(0), account.get(1)}).toList());
        }
    }
}
