package dev.prm.contracts.tier;

import java.time.Instant;

/**
 * Sent by tier-service on every partition of {@code tier-events} once every tier decision up to {@code businessTime}
 * is on the topic ahead of it: a reader that has taken it in on all {@code partitions} partitions has every tier change
 * effective up to that instant (SPEC B3: registration caps at a month end wait for the tiers decided at it).
 */
public record TierDecisionsWatermark(Instant businessTime, int partition, int partitions) {
}
