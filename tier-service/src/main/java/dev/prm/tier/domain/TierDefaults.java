package dev.prm.tier.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;

import dev.prm.program.CurrencyTable;
import dev.prm.program.ProgramCurrencies;
import dev.prm.program.Versioned;

/**
 * The program's default configuration (SPEC T2–T4): the 2022 rules from the beginning of time, and the
 * later policies as versions with their effective dates. A further change is a new version, not a code change.
 */
public final class TierDefaults {

    public static final Instant BEGINNING = ProgramCurrencies.BEGINNING;

    private TierDefaults() {
    }

    /** T2: the fixed currency table, shared with the other services. */
    public static Versioned<CurrencyTable> currencies() {
        return ProgramCurrencies.table();
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
