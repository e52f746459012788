package dev.prm.tier.query;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    private static final String PENDING_DEALS = PointsProjection.class.getName() + ".pendingDeals";

    private final JdbcTemplate jdbc;
    private final PointsPolicy policy;

    PointsProjection(JdbcTemplate jdbc, PointsPolicy policy) {
        this.jdbc = jdbc;
        this.policy = policy;
    }

    @EventHandler
    void on(PartnerEnrolmentRecorded event) {
        flushDeals();
        seen(event.partnerId(), event.enrolledAt());
        jdbc.update("update partner_view set name = ?, kind = ?, country = ?, enrolled = true where partner_id = ?",
                event.name(), event.kind().name(), event.country(), event.partnerId());
    }

    /**
     * Deals are the bulk of the stream: they are written together when the processing batch commits (three
     * JDBC batches instead of three statements per deal). Any other event writes the pending deals first,
     * so statements keep the stream's order.
     */
    @EventHandler
    void on(DealRecorded event) {
        if (!CurrentUnitOfWork.isStarted()) {
            writeDeals(List.of(event));
            return;
        }
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        batch.getOrComputeResource(PENDING_DEALS, key -> {
            List<DealRecorded> pending = new ArrayList<>();
            batch.onPrepareCommit(done -> flushDeals());
            return pending;
        }).add(event);
    }

    private void flushDeals() {
        if (!CurrentUnitOfWork.isStarted()) {
            return;
        }
        List<DealRecorded> pending = CurrentUnitOfWork.get().root().getResource(PENDING_DEALS);
        if (pending != null && !pending.isEmpty()) {
            writeDeals(List.copyOf(pending));
            pending.clear();
        }
    }

    private void writeDeals(List<DealRecorded> deals) {
        Map<String, Instant> firstSeen = new HashMap<>();
        for (DealRecorded deal : deals) {
            firstSeen.merge(deal.partnerId(), deal.closedAt(), (a, b) -> a.isBefore(b) ? a : b);
        }
        jdbc.batchUpdate("""
                insert into partner_view (partner_id, first_seen) values (?, ?)
                on conflict (partner_id) do update set first_seen = least(partner_view.first_seen, excluded.first_seen)""",
                new ArrayList<>(firstSeen.entrySet()), firstSeen.size(), (statement, partner) -> {
                    statement.setString(1, partner.getKey());
                    statement.setTimestamp(2, Timestamp.from(partner.getValue()));
                });
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
        // amendments that arrived before their deal (P1) get their points: one query for the whole batch
        jdbc.query(connection -> {
            var statement = connection.prepareStatement("""
                    select a.partner_id, a.deal_id, a.amended_at
                    from deal_amendment a join unnest(?::varchar[], ?::varchar[]) as d(partner_id, deal_id)
                      on a.partner_id = d.partner_id and a.deal_id = d.deal_id""");
            statement.setArray(1, connection.createArrayOf("varchar", deals.stream().map(DealRecorded::partnerId).toArray()));
            statement.setArray(2, connection.createArrayOf("varchar", deals.stream().map(DealRecorded::dealId).toArray()));
            return statement;
        }, row -> {
            amendmentPoints(row.getString("partner_id"), row.getString("deal_id"), row.getTimestamp("amended_at").toInstant());
        });
    }

    /**
     * T5: every amendment is kept; a question at D uses the latest dated at or before D. Two of one instant: the
     * last taken in, as in the {@code Partner} aggregate.
     */
    @EventHandler
    void on(DealAmendmentRecorded event) {
        flushDeals();
        seen(event.partnerId(), event.amendedAt());
        jdbc.update("""
                insert into deal_amendment (partner_id, deal_id, mrr_amount, mrr_currency, amended_at) values (?, ?, ?, ?, ?)
                on conflict (partner_id, deal_id, amended_at) do update
                    set mrr_amount = excluded.mrr_amount, mrr_currency = excluded.mrr_currency""",
                event.partnerId(), event.dealId(), event.mrr().decimal(), event.mrr().currency(), Timestamp.from(event.amendedAt()));
        amendmentPoints(event.partnerId(), event.dealId(), event.amendedAt());
    }

    @EventHandler
    void on(DealChurnRecorded event) {
        flushDeals();
        seen(event.partnerId(), event.churnedAt());
        jdbc.update("update deal_points set churned_at = ? where partner_id = ? and deal_id = ?",
                Timestamp.from(event.churnedAt()), event.partnerId(), event.dealId());
    }

    @EventHandler
    void on(AccountManagementRecorded event) {
        flushDeals();
        seen(event.partnerId(), event.at());
        jdbc.update("""
                insert into account_period (partner_id, account_id, valid_from, customer_domain, customer_country,
                                            mrr_amount, mrr_currency)
                values (?, ?, ?, ?, ?, ?, ?)
                on conflict (partner_id, account_id, valid_from) do update
                    set customer_domain = excluded.customer_domain, customer_country = excluded.customer_country,
                        mrr_amount = excluded.mrr_amount, mrr_currency = excluded.mrr_currency""",
                event.partnerId(), event.accountId(), Timestamp.from(event.at()), event.customerDomain(),
                event.customerCountry(), event.mrr().decimal(), event.mrr().currency());
        endPeriods(event.partnerId(), event.accountId());
    }

    @EventHandler
    void on(AccountReleaseRecorded event) {
        flushDeals();
        seen(event.partnerId(), event.at());
        jdbc.update("insert into account_release (partner_id, account_id, released_at) values (?, ?, ?) on conflict do nothing",
                event.partnerId(), event.accountId(), Timestamp.from(event.at()));
        endPeriods(event.partnerId(), event.accountId());
    }

    @ResetHandler
    void reset() {
        flushDeals();
        jdbc.update("truncate deal_points, deal_amendment, account_period, account_release, partner_view");
    }

    /** The amendment's sold points with the tables at its deal's close (T3), once the deal is known. */
    private void amendmentPoints(String partnerId, String dealId, Instant amendedAt) {
        jdbc.query("""
                select d.customer_country, d.closed_at, a.mrr_amount, a.mrr_currency
                from deal_points d join deal_amendment a on a.partner_id = d.partner_id and a.deal_id = d.deal_id
                where d.partner_id = ? and d.deal_id = ? and a.amended_at = ?""", row -> {
            Money mrr = Money.of(row.getBigDecimal("mrr_amount"), row.getString("mrr_currency"));
            PointsPolicy.Points points = policy.points(PointsPolicy.Kind.SOLD, mrr, row.getString("customer_country"),
                    row.getTimestamp("closed_at").toInstant(), amendedAt);
            jdbc.update("update deal_amendment set points = ?, em_factor = ? where partner_id = ? and deal_id = ? and amended_at = ?",
                    points.value(), points.emergingMarketFactor(), partnerId, dealId, Timestamp.from(amendedAt));
        }, partnerId, dealId, Timestamp.from(amendedAt));
    }

    /** Each period of the account lasts until its next dated fact: the next period's start, or a release at or after it. */
    private void endPeriods(String partnerId, String accountId) {
        jdbc.update("""
                update account_period p set valid_until = (
                    select min(next_fact) from (
                        select q.valid_from as next_fact from account_period q
                        where q.partner_id = p.partner_id and q.account_id = p.account_id and q.valid_from > p.valid_from
                        union all
                        select r.released_at from account_release r
                        where r.partner_id = p.partner_id and r.account_id = p.account_id and r.released_at >= p.valid_from) facts)
                where p.partner_id = ? and p.account_id = ?""", partnerId, accountId);
    }

    private void seen(String partnerId, Instant at) {
        jdbc.update("""
                insert into partner_view (partner_id, first_seen) values (?, ?)
                on conflict (partner_id) do update set first_seen = least(partner_view.first_seen, excluded.first_seen)""",
                partnerId, Timestamp.from(at));
    }
}
