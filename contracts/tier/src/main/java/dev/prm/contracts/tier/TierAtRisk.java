package dev.prm.contracts.tier;

import java.time.Instant;

import dev.prm.contracts.Tier;

/**
 * At the month end {@code effectiveAt}, the partner's outlook for the re-evaluation at {@code reEvaluationAt} (T8, if no
 * new fact arrived) is {@code outlookTier}, below its {@code tier}; the points and sold points missing (decimal strings)
 * are what new facts would need to add to keep it. Published at most once per partner and re-evaluation.
 */
public record TierAtRisk(String partnerId, Tier tier, Tier outlookTier, Instant reEvaluationAt, String pointsMissing,
                         String soldPointsMissing, Instant effectiveAt) {
}
