package dev.prm.tier.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The program's default configuration (SPEC T2–T4): the 2022 rules from the beginning of time, and the
 * later policies as versions with their effective dates. A further change is a new version, not a code change.
 */
public final class ProgramDefaults {

    public static final Instant BEGINNING = Instant.MIN;

    private ProgramDefaults() {
    }

    public static Versioned<CurrencyTable> currencies() {
        CurrencyTable original = new CurrencyTable(Map.of(
                "USD", new BigDecimal("100"), "AUD", new BigDecimal("105"), "EUR", new BigDecimal("75"),
                "GBP", new BigDecimal("62.50"), "JPY", new BigDecimal("12000"), "ZAR", new BigDecimal("1545"),
                "CAD", new BigDecimal("130"), "COP", new BigDecimal("300300"), "SGD", new BigDecimal("140")));
        CurrencyTable from2024 = original.with(Map.of(
                "AUD", new BigDecimal("154"), "EUR", new BigDecimal("88"), "GBP", new BigDecimal("74"),
                "JPY", new BigDecimal("14400"), "ZAR", new BigDecimal("1768"), "CAD", new BigDecimal("130")));
        return Versioned.of(
                new Versioned.Version<>("currencies-2022", BEGINNING, original),
                new Versioned.Version<>("currencies-2024-02-27", Instant.parse("2024-02-27T00:00:00Z"), from2024));
    }

    public static Versioned<PointsFactors> pointsFactors() {
        return Versioned.of(new Versioned.Version<>("points-2022", BEGINNING,
                new PointsFactors(new BigDecimal("5"), BigDecimal.ONE, new BigDecimal("2"))));
    }

    public static Versioned<EmergingMarkets> emergingMarkets() {
        Set<String> countries = Set.of(
                "IN",
                // Latin America
                "AR", "BO", "BR", "CL", "CO", "CR", "CU", "DO", "EC", "GT", "HN", "MX", "NI", "PA", "PE", "PY", "SV", "UY", "VE",
                // North Asia
                "CN", "MN", "KR",
                // South-East Asia
                "BD", "BN", "KH", "HK", "ID", "LA", "MY", "MV", "MM", "NP", "PK", "PH", "LK", "SG", "TW", "TH", "TL", "VN");
        return Versioned.of(new Versioned.Version<>("emerging-markets-2022", BEGINNING, new EmergingMarkets(countries)));
    }

    /** T6 default, from the beginning of time: total / minimum sold. */
    public static Versioned<ThresholdTable> thresholds() {
        return Versioned.of(new Versioned.Version<>("thresholds-2022", BEGINNING,
                ThresholdTable.of("170", "105", "390", "190", "1000", "500", "5000", "3250")));
    }

    public static PointsPolicy pointsPolicy() {
        return new PointsPolicy(currencies(), pointsFactors(), emergingMarkets());
    }
}
