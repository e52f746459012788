package dev.prm.tier.outbound;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.springframework.stereotype.Component;

import dev.prm.contracts.tier.Points;
import dev.prm.contracts.tier.TierAtRisk;
import dev.prm.contracts.tier.TierChanged;
import dev.prm.contracts.tier.TierEvents;
import dev.prm.contracts.tier.TierOutlookRecovered;
import dev.prm.platform.publish.IntegrationEventPublisher;
import dev.prm.tier.command.PartnerTierAtRisk;
import dev.prm.tier.command.PartnerTierChanged;
import dev.prm.tier.command.PartnerTierOutlookRecovered;
import dev.prm.tier.domain.PointsSummary;
import dev.prm.tier.metrics.TierBusinessMetrics;

/**
 * T9: forwards every tier change from the event store to {@code tier-events}, and the outlooks at risk (issue 18). Its own tracking token, so a
 * broker outage delays publication but loses nothing; the CloudEvent id is the stored event's id.
 */
@Component
@ProcessingGroup("tier-events-publisher")
@DisallowReplay
class TierEventsPublisher {

    private final IntegrationEventPublisher publisher;
    private final TierBusinessMetrics metrics;

    TierEventsPublisher(IntegrationEventPublisher publisher, TierBusinessMetrics metrics) {
        this.publisher = publisher;
        this.metrics = metrics;
    }

    @EventHandler
    void on(PartnerTierChanged event, @MessageIdentifier String eventId) {
        publisher.publish(TierEvents.TIER_CHANGED, event.partnerId(), eventId, event.effectiveAt(),
                new TierChanged(event.partnerId(), event.from(), event.to(), event.reason(), event.effectiveAt(),
                        points(event.points()), event.thresholdsVersion()));
        metrics.tierChanged(event.from(), event.to(), event.reason());
    }

    /** Issue 18: the outlook for the next re-evaluation fell below the tier at a month end. */
    @EventHandler
    void on(PartnerTierAtRisk event, @MessageIdentifier String eventId) {
        publisher.publish(TierEvents.TIER_AT_RISK, event.partnerId(), eventId, event.effectiveAt(),
                new TierAtRisk(event.partnerId(), event.tier(), event.outlookTier(), event.reEvaluationAt(),
                        event.pointsMissing().toPlainString(), event.soldPointsMissing().toPlainString(), event.effectiveAt()));
    }

    @EventHandler
    void on(PartnerTierOutlookRecovered event, @MessageIdentifier String eventId) {
        publisher.publish(TierEvents.TIER_OUTLOOK_RECOVERED, event.partnerId(), eventId, event.effectiveAt(),
                new TierOutlookRecovered(event.partnerId(), event.tier(), event.outlookTier(), event.reEvaluationAt(),
                        event.pointsMissing().toPlainString(), event.soldPointsMissing().toPlainString(), event.effectiveAt()));
    }

    static Points points(PointsSummary points) {
        return new Points(points.sold12m().toPlainString(), points.sold6m().toPlainString(), points.managed().toPlainString(),
                points.total12m().toPlainString(), points.total6m().toPlainString());
    }
}
