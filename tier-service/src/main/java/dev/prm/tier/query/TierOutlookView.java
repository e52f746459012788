package dev.prm.tier.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import dev.prm.contracts.Tier;

/**
 * GET /api/partners/{id}/tier/outlook (issue 18): the tier held at {@code asOf}, and what the next month end (T7) and
 * the next re-evaluation (T8) would give if no new fact arrived, with the points and sold points missing per tier.
 */
public record TierOutlookView(String partnerId, Instant asOf, Tier tier, boolean atRisk, MonthEnd nextMonthEnd,
                              Reevaluation nextReevaluation) {

    /** {@code tier}: the tier after that month end; {@code qualifiedTier} and {@code points}: what it would record. */
    public record MonthEnd(Instant at, Tier tier, Tier qualifiedTier, PointsView.Totals points, String thresholdsVersion,
                           List<TierGap> tiers) {
    }

    /**
     * {@code decidedBy}: the monthly evaluation behind the tier (null: none in the window, the tier stays);
     * {@code settled}: no month end left before it; {@code missingPoints} and {@code missingSoldPoints}: to keep the tier
     * held at asOf.
     */
    public record Reevaluation(Instant at, Tier tier, Instant decidedBy, boolean settled, BigDecimal missingPoints,
                               BigDecimal missingSoldPoints, List<TierGap> tiers) {
    }

    /** A tier's requirement at the month end {@code by} and the points and sold points missing there. */
    public record TierGap(Tier tier, BigDecimal totalPoints, BigDecimal minimumSold, BigDecimal missingPoints,
                          BigDecimal missingSoldPoints, Instant by) {
    }
}
