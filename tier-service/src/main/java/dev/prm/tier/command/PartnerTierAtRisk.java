package dev.prm.tier.command;

import java.math.BigDecimal;
import java.time.Instant;

import dev.prm.contracts.Tier;

/** Stored event: at the month end {@code effectiveAt} the outlook for the re-evaluation fell below the tier; forwarded as TierAtRisk. */
public record PartnerTierAtRisk(String partnerId, Tier tier, Tier outlookTier, Instant reEvaluationAt, BigDecimal pointsMissing,
                                BigDecimal soldPointsMissing, Instant effectiveAt) {
}
