package dev.prm.tier.domain;

import java.math.BigDecimal;

/** T6: what a tier asks for: total points (12 months) and, of those, a minimum of sold points. */
public record Requirement(BigDecimal totalPoints, BigDecimal minimumSold) {

    public boolean metBy(PointsSummary points) {
        return points.total12m().compareTo(totalPoints) >= 0 && points.sold12m().compareTo(minimumSold) >= 0;
    }
}
