package dev.prm.tier.query;

import java.sql.Timestamp;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.prm.tier.command.MonthEvaluated;
import dev.prm.tier.command.PartnerTierChanged;

/** Tier history (T9) and the monthly evaluations behind the re-evaluations (T8). */
@Component
@ProcessingGroup(TierProjection.PROCESSING_GROUP)
class TierProjection {

    static final String PROCESSING_GROUP = "tiers";

    private final JdbcTemplate jdbc;

    TierProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(PartnerTierChanged event, @MessageIdentifier String eventId, @SequenceNumber long sequence) {
        jdbc.update("""
                insert into tier_change (partner_id, effective_at, event_id, from_tier, to_tier, reason, sold12m, sold6m,
                                         managed, thresholds_version, global_index)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (event_id) do nothing""",
                event.partnerId(), Timestamp.from(event.effectiveAt()), eventId, event.from().name(), event.to().name(),
                event.reason().name(), event.points().sold12m(), event.points().sold6m(), event.points().managed(),
                event.thresholdsVersion(), sequence);
    }

    @EventHandler
    void on(MonthEvaluated event) {
        jdbc.update("""
                insert into month_evaluation (partner_id, month_end, qualified_tier, sold12m, sold6m, managed, thresholds_version)
                values (?, ?, ?, ?, ?, ?, ?)
                on conflict (partner_id, month_end) do nothing""",
                event.partnerId(), Timestamp.from(event.monthEnd()), event.qualifiedTier().name(), event.points().sold12m(),
                event.points().sold6m(), event.points().managed(), event.thresholdsVersion());
    }

    @ResetHandler
    void reset() {
        jdbc.update("truncate tier_change, month_evaluation");
    }
}
