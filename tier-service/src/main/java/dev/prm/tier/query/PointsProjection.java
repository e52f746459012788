package dev.prm.tier.query;

import java.sql.Timestamp;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.prm.tier.command.DealRecorded;
import dev.prm.tier.domain.PointsPolicy;

/**
 * Keeps {@code deal_points} from the event store. Idempotent: a batch processed again after a failure
 * writes the same rows.
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
    void on(DealRecorded event) {
        PointsPolicy.Points points = policy.points(PointsPolicy.Kind.SOLD, event.mrr(), event.customerCountry(), event.closedAt());
        Timestamp closedAt = Timestamp.from(event.closedAt());
        jdbc.update("insert into partner_view (partner_id, first_seen) values (?, ?) on conflict (partner_id) do nothing",
                event.partnerId(), closedAt);
        jdbc.update("""
                insert into deal_points (partner_id, deal_id, customer_domain, customer_country, mrr_amount, mrr_currency,
                                         closed_at, em_factor, points)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (partner_id, deal_id) do nothing""",
                event.partnerId(), event.dealId(), event.customerDomain(), event.customerCountry(), event.mrr().decimal(),
                event.mrr().currency(), closedAt, points.emergingMarketFactor(), points.value());
    }

    @ResetHandler
    void reset() {
        jdbc.update("truncate deal_points, partner_view");
    }
}
