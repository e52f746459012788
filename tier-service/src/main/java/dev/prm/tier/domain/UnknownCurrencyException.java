package dev.prm.tier.domain;

import java.time.Instant;

/** T2: a currency missing from the table in force is bad input. */
public class UnknownCurrencyException extends RuntimeException {

    public UnknownCurrencyException(String currency, Instant at, String tableVersion) {
        super("currency '" + currency + "' is not in the currency table in force at " + at + " (" + tableVersion + ")");
    }
}
