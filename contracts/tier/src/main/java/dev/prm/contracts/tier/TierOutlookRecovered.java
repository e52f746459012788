package dev.prm.contracts.tier;

import java.time.Instant;

import dev.prm.contracts.Tier;

/**
 * After a {@link TierAtRisk} for the re-evaluation at {@code reEvaluationAt}, new facts lifted the outlook again: at the
 * month end {@code effectiveAt} it is {@code outlookTier}, not below {@code tier}. Published at most once per partner
 * and re-evaluation.
 */
public record TierOutlookRecovered(String partnerId, Tier tier, Tier outlookTier, Instant reEvaluationAt,
                                   String pointsMissing, String soldPointsMissing, Instant effectiveAt) {
}
