package dev.prm.tier.domain;

import java.math.BigDecimal;

/** T5 at an instant: sold points over 12 and 6 months, managed points, and their totals. */
public record PointsSummary(BigDecimal sold12m, BigDecimal sold6m, BigDecimal managed) {

    public static final PointsSummary ZERO = new PointsSummary(BigDecimal.ZERO.setScale(2), BigDecimal.ZERO.setScale(2),
            BigDecimal.ZERO.setScale(2));

    public BigDecimal total12m() {
        return sold12m.add(managed);
    }

    public BigDecimal total6m() {
        return sold6m.add(managed);
    }
}
