package dev.prm.commission.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.OptionalInt;

import dev.prm.contracts.Money;
import dev.prm.contracts.PartnerKind;

/**
 * The terms a deal earns commission under (C1): fixed by its close date and its partner's kind.
 * <p>
 * Rounding rule: each accrual is MRR × rate, computed exactly, then rounded once, half-up, to the minor unit
 * of the deal's currency (ISO 4217 default fraction digits: JPY 0, USD and EUR 2, a currency Java does not
 * know: 2). Adjustments are differences of rounded amounts and statements are sums of them, so every total
 * adds up to its entries to the last unit.
 */
public record CommissionTerms(String policyVersion, PartnerKind partnerKind, BigDecimal rate, OptionalInt accrualMonths) {

    private static final int FALLBACK_MINOR_DIGITS = 2;

    /** Whether the n-th month end after the close (1 = the month end of the closing month) still earns. */
    public boolean covers(int nthMonthEnd) {
        return accrualMonths.isEmpty() || nthMonthEnd <= accrualMonths.getAsInt();
    }

    public Money commissionOn(Money mrr) {
        BigDecimal amount = mrr.decimal().multiply(rate).setScale(minorDigits(mrr.currency()), RoundingMode.HALF_UP);
        return Money.of(amount, mrr.currency());
    }

    /** Digits after the decimal point of amounts in {@code currency}. */
    public static int minorDigits(String currency) {
        try {
            int digits = Currency.getInstance(currency).getDefaultFractionDigits();
            return digits < 0 ? FALLBACK_MINOR_DIGITS : digits;
        } catch (IllegalArgumentException unknown) {
            return FALLBACK_MINOR_DIGITS;
        }
    }

    public static BigDecimal zero(String currency) {
        return BigDecimal.ZERO.setScale(minorDigits(currency));
    }
}
