package dev.prm.tier.query;

import java.math.BigDecimal;
import java.time.Instant;

import dev.prm.contracts.Tier;

/**
 * GET /api/partners/{id}/tier (SPEC §5): the tier in force at {@code asOf}, the tier the points qualify for
 * with the table in force then, and what is still missing for the next tier ({@code null} at ELITE).
 */
public record TierView(String partnerId, Instant asOf, Tier tier, Tier qualifiedTier, PointsView.Totals points,
                       NextTier nextTier, String thresholdsVersion) {

    public record NextTier(Tier tier, BigDecimal totalPoints, BigDecimal minimumSold, BigDecimal missingPoints,
                           BigDecimal missingSoldPoints) {
    }

    public record Change(Tier from, Tier to, String reason, Instant effectiveAt, PointsView.Totals points,
                         String thresholdsVersion) {
    }
}
