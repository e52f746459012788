package dev.prm.contracts.tier;

import java.util.List;

import dev.prm.contracts.Contract;
import dev.prm.contracts.EventType;

/** tier-service's contract (SPEC §3): the tier decisions it publishes on {@code tier-events}. */
public final class TierEvents extends Contract {
    public static final String TOPIC = "tier-events";

    public static final EventType TIER_CHANGED = EventType.published(TOPIC, TierChanged.class);
    public static final EventType TIER_DECISIONS_WATERMARK = EventType.published(TOPIC, TierDecisionsWatermark.class);
    public static final EventType TIER_AT_RISK = EventType.published(TOPIC, TierAtRisk.class);
    public static final EventType TIER_OUTLOOK_RECOVERED = EventType.published(TOPIC, TierOutlookRecovered.class);

    public static final List<EventType> ALL = List.of(TIER_CHANGED, TIER_DECISIONS_WATERMARK, TIER_AT_RISK, TIER_OUTLOOK_RECOVERED);

    public TierEvents() {
        super("tier-service", ALL);
    }
}
