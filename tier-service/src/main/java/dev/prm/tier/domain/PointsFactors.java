package dev.prm.tier.domain;

import java.math.BigDecimal;

/** T3: points per US$100 of MRR for a sold deal and a managed account, and the emerging-market multiplier. */
public record PointsFactors(BigDecimal sold, BigDecimal managed, BigDecimal emergingMarket) {
}
