package dev.prm.program;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * SPEC T2 default: the fixed currency table of the program, from the beginning of time, and the later policy
 * from 2024-02-27. Tier points convert with it; every service refuses a currency missing from it.
 */
public final class ProgramCurrencies {

    public static final Instant BEGINNING = Instant.MIN;

    private ProgramCurrencies() {
    }

    public static Versioned<CurrencyTable> table() {
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
}
