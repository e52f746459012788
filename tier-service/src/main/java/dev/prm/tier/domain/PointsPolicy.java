package dev.prm.tier.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

import dev.prm.program.CurrencyTable;
import dev.prm.program.Versioned;
import dev.prm.contracts.Money;

/**
 * T2–T4: points of an amount of MRR at an instant, with the currency table, the points factors and the
 * emerging-market list in force at that instant.
 * <p>
 * Rounding rule: the MRR is converted to US$100 units exactly (to 10 decimal places, half-even), multiplied
 * by the factors, and the points of each deal or account are then rounded to 2 decimal places, half-up.
 * Sums of points are sums of these rounded values, so a breakdown always adds up to its total.
 */
public final class PointsPolicy {

    public static final int POINTS_SCALE = 2;
    private static final int UNIT_SCALE = 10;

    private final Versioned<CurrencyTable> currencies;
    private final Versioned<PointsFactors> factors;
    private final Versioned<EmergingMarkets> emergingMarkets;

    public PointsPolicy(Versioned<CurrencyTable> currencies, Versioned<PointsFactors> factors,
                        Versioned<EmergingMarkets> emergingMarkets) {
        this.currencies = currencies;
        this.factors = factors;
        this.emergingMarkets = emergingMarkets;
    }

    /** The same tables with {@code factors} in force from {@code from} on, replacing later versions (a policy what-if). */
    public PointsPolicy withFactorsFrom(Versioned.Version<PointsFactors> factors) {
        return new PointsPolicy(currencies, this.factors.replacedFrom(factors), emergingMarkets);
    }

    public enum Kind {
        SOLD,
        MANAGED
    }

    /** The points of one deal (at its close) or one account (at the instant asked), with the EM factor applied. */
    public Points points(Kind kind, Money mrr, String customerCountry, Instant at) {
        return points(kind, mrr, customerCountry, at, at);
    }

    /**
     * As {@link #points(Kind, Money, String, Instant)}, for an MRR set by a fact at {@code mrrSince}: a currency the
     * table at {@code at} lacks (an amendment to a currency added to the table after the deal's close) converts
     * with the table at {@code mrrSince}, where the inbound check found it (C2: a fact accepted is applied).
     */
    public Points points(Kind kind, Money mrr, String customerCountry, Instant at, Instant mrrSince) {
        BigDecimal units = currencies.at(at).hundredUsdIn(mrr.currency()).isPresent() ? hundredUsdUnits(mrr, at)
                : hundredUsdUnits(mrr, mrrSince);
        PointsFactors inForce = factors.at(at);
        BigDecimal factor = kind == Kind.SOLD ? inForce.sold() : inForce.managed();
        BigDecimal emFactor = emergingMarkets.at(at).contains(customerCountry) ? inForce.emergingMarket() : BigDecimal.ONE;
        BigDecimal points = units.multiply(factor).multiply(emFactor).setScale(POINTS_SCALE, RoundingMode.HALF_UP);
        return new Points(points, emFactor);
    }

    /** Throws {@link UnknownCurrencyException} when the currency is not in the table in force at {@code at}. */
    public BigDecimal hundredUsdUnits(Money mrr, Instant at) {
        Versioned.Version<CurrencyTable> table = currencies.versionAt(at);
        BigDecimal hundredUsd = table.value().hundredUsdIn(mrr.currency())
                .orElseThrow(() -> new UnknownCurrencyException(mrr.currency(), at, table.id()));
        return mrr.decimal().divide(hundredUsd, UNIT_SCALE, RoundingMode.HALF_EVEN);
    }

    public record Points(BigDecimal value, BigDecimal emergingMarketFactor) {
    }
}
