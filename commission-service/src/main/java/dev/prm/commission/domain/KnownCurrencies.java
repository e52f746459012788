package dev.prm.commission.domain;

import java.util.Set;

/**
 * T2 applied to commissions: a deal in a currency missing from the currency table in force at its time is
 * bad input, here as in tier-service, so no commission is earned on a deal the program does not count.
 */
public record KnownCurrencies(Set<String> codes) {

    public KnownCurrencies {
        codes = Set.copyOf(codes);
    }

    public boolean contains(String currency) {
        return codes.contains(currency);
    }
}
