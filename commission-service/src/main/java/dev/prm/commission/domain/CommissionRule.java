package dev.prm.commission.domain;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * C1 for one partner kind: the share of MRR earned at each month end, and for how many month ends a deal
 * accrues ({@code accrualMonths} empty: for as long as the deal is active).
 */
public record CommissionRule(BigDecimal rate, OptionalInt accrualMonths) {

    public CommissionRule {
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(accrualMonths, "accrualMonths");
        if (rate.signum() < 0 || rate.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("a commission rate is between 0 and 1, was " + rate);
        }
        if (accrualMonths.isPresent() && accrualMonths.getAsInt() < 1) {
            throw new IllegalArgumentException("a limited term has at least one month");
        }
    }

    public static CommissionRule lifetime(String rate) {
        return new CommissionRule(new BigDecimal(rate), OptionalInt.empty());
    }

    public static CommissionRule months(String rate, int months) {
        return new CommissionRule(new BigDecimal(rate), OptionalInt.of(months));
    }
}
