package dev.prm.tier.query;

import java.sql.Timestamp;
import java.time.Instant;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
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

    private final JdbcTemplate jdbc;
    private final PointsPolicy policy;

    PointsProjection(JdbcTemplate jdbc, PointsPolicy policy) {
        this.jdbc = jdbc;
        this.policy = policy;
    }

    @EventHandler
    void on(PartnerEnrolmentRecorded event) {
        seen(event.partnerId(), event.enrolledAt());
        jdbc.update("update partner_view set name = ?, kind = ?, country = ?, enrolled = true where partner_id = ?",
                event.name(), event.kind().name(), event.country(), event.partnerId());
    }

    @EventHandler
    void on(DealRecorded event) {
        seen(event.partnerId(), event.closedAt());
        PointsPolicy.Points points = policy.points(PointsPolicy.Kind.SOLD, event.mrr(), event.customerCountry(), event.closedAt());
        jdbc.update("""
                insert into deal_points (partner_id, deal_id, customer_domain, customer_country, mrr_amount, mrr_currency,
                                         closed_at, em_factor, points)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (partner_id, deal_id) do nothing""",
                event.partnerId(), event.dealId(), event.customerDomain(), event.customerCountry(), event.mrr().decimal(),
                event.mrr().currency(), Timestamp.from(event.closedAt()), points.emergingMarketFactor(), points.value());
        jdbc.query("select mrr_amount, mrr_currency from deal_amendment where partner_id = ? and deal_id = ?",
                row -> {
                    replaceMrr(event.partnerId(), event.dealId(),
                            Money.of(row.getBigDecimal("mrr_amount"), row.getString("mrr_currency")));
                }, event.partnerId(), event.dealId());
    }

    /** T5: the latest amendment (by its time) replaces the MRR, for past periods too. */
    @EventHandler
    void on(DealAmendmentRecorded event) {
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
        seen(event.partnerId(), event.churnedAt());
        jdbc.update("update deal_points set churned_at = ? where partner_id = ? and deal_id = ?",
                Timestamp.from(event.churnedAt()), event.partnerId(), event.dealId());
    }

    @EventHandler
    void on(AccountManagementRecorded event) {
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
        seen(event.partnerId(), event.at());
        endOpenPeriod(event.partnerId(), event.accountId(), event.at());
    }

    @ResetHandler
    void reset() {
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
