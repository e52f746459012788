package dev.prm.tier.command;

import java.math.BigDecimal;
import java.time.Instant;

import dev.prm.contracts.Tier;

/** Stored event: after a PartnerTierAtRisk, the outlook for the same re-evaluation is back at the tier; forwarded as TierOutlookRecovered. */
public record PartnerTierOutlookRecovered(String partnerId, Tier tier, Tier outlookTier, Instant reEvaluationAt,
                                          BigDecimal pointsMissing, BigDecimal soldPointsMissing, Instant effectiveAt) {
}
