package dev.prm.tier.command;

import java.time.Instant;

import dev.prm.contracts.Tier;
import dev.prm.contracts.tier.TierChangeReason;
import dev.prm.tier.domain.PointsSummary;

/** Stored event: the partner's tier changed (T9); forwarded to tier-events as TierChanged. */
public record PartnerTierChanged(String partnerId, Tier from, Tier to, TierChangeReason reason, Instant effectiveAt, PointsSummary points, String thresholdsVersion) {
}
