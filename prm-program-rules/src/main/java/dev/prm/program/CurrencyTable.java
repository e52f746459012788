package dev.prm.program;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/** T2: for each ISO 4217 currency, the local amount that counts as US$100 (a fixed table, not live FX). */
public record CurrencyTable(Map<String, BigDecimal> localAmountPerHundredUsd) {

    public CurrencyTable {
        localAmountPerHundredUsd = Map.copyOf(localAmountPerHundredUsd);
    }

    public Optional<BigDecimal> hundredUsdIn(String currency) {
        return Optional.ofNullable(localAmountPerHundredUsd.get(currency));
    }

    /** The same table with some rates replaced or added (a later policy changes a few currencies). */
    public CurrencyTable with(Map<String, BigDecimal> changes) {
        var merged = new java.util.HashMap<>(localAmountPerHundredUsd);
        merged.putAll(changes);
        return new CurrencyTable(merged);
    }
}
