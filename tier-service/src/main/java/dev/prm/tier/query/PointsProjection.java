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
 * Partners, deals (with their latest MRR and points) and managed-account periods, from the event store.
 * Idempotent: a batch processed again after a failure leaves the same rows.
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
        // amendments that arrived before their deal (P1): one query for the whole batch
        jdbc.query(connection -> {
            var statement = connection.prepareStatement("""
                    select a.partner_id, a.deal_id, a.mrr_amount, a.mrr_currency
                    from deal_amendment a join unnest(?::varchar[], ?::varchar[]) as d(partner_id, deal_id)
                      on a.partner_id = d.partner_id and a.deal_id = d.deal_id""");
            statement.setArray(1, connection.createArrayOf("varchar", deals.stream().map(DealRecorded::partnerId).toArray()));
            statement.setArray(2, connection.createArrayOf("varchar", deals.stream().map(DealRecorded::dealId).toArray()));
            return statement;
        }, row -> {
            replaceMrr(row.getString("partner_id"), row.getString("deal_id"),
                    Money.of(row.getBigDecimal("mrr_amount"), row.getString("mrr_currency")));
        });
    }

    /** T5: the latest amendment (by its time) replaces the MRR, for past periods too. */
    @EventHandler
    void on(DealAmendmentRecorded event) {
        flushDeals();
        seen(event.partnerId(), event.amendedAt());
        int latest = jdbc.update("""
                insert into deal_amendment (partner_id, deal_id, mrr_amount, mrr_currency, amended_at) values (?, ?, ?, ?, ?)
                on conflict (partner_id, deal_id) do update
                    set mrr_amount = excluded.mrr_amount, mrr_currency = excluded.mrr_currency, amended_at = excluded.amended_at
                    where deal_amendment.amended_at <= excluded.amended_at""",
                event.partnerId(), event.dealId(), event.mrr().decimal(), event.mrr().currency(), Timestamp.from(event.amendedAt()));
        if (latest > 0) {
            replaceMrr(event.partnerId(), event.dealId(), event.mrr());
        }
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
        endOpenPeriod(event.partnerId(), event.accountId(), event.at());
        jdbc.update("""
                insert into account_period (partner_id, account_id, valid_from, customer_domain, customer_country,
                                            mrr_amount, mrr_currency)
                values (?, ?, ?, ?, ?, ?, ?)
                on conflict (partner_id, account_id, valid_from) do nothing""",
                event.partnerId(), event.accountId(), Timestamp.from(event.at()), event.customerDomain(),
                event.customerCountry(), event.mrr().decimal(), event.mrr().currency());
    }

    @EventHandler
    void on(AccountReleaseRecorded event) {
        flushDeals();
        seen(event.partnerId(), event.at());
        endOpenPeriod(event.partnerId(), event.accountId(), event.at());
    }

    @ResetHandler
    void reset() {
        flushDeals();
        jdbc.update("truncate deal_points, deal_amendment, account_period, partner_view");
    }

    private void replaceMrr(String partnerId, String dealId, Money mrr) {
        jdbc.query("select customer_country, closed_at from deal_points where partner_id = ? and deal_id = ?", row -> {
            Instant closedAt = row.getTimestamp("closed_at").toInstant();
            PointsPolicy.Points points = policy.points(PointsPolicy.Kind.SOLD, mrr, row.getString("customer_country"), closedAt);
            jdbc.update("update deal_points set mrr_amount = ?, mrr_currency = ?, points = ?, em_factor = ? where partner_id = ? and deal_id = ?",
                    mrr.decimal(), mrr.currency(), points.value(), points.emergingMarketFactor(), partnerId, dealId);
        }, partnerId, dealId);
    }

    private void endOpenPeriod(String partnerId, String accountId, Instant at) {
        jdbc.update("update account_period set valid_until = ? where partner_id = ? and account_id = ? and valid_until is null and valid_from < ?",
                Timestamp.from(at), partnerId, accountId, Timestamp.from(at));
    }

    private void seen(String partnerId, Instant at) {
        jdbc.update("""
                insert into partner_view (partner_id, first_seen) values (?, ?)
                on conflict (partner_id) do update set first_seen = least(partner_view.first_seen, excluded.first_seen)""",
                partnerId, Timestamp.from(at));
    }
}
