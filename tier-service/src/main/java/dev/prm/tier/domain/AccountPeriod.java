package dev.prm.tier.domain;

import java.time.Instant;

import dev.prm.contracts.Money;

/**
 * An account under management with one MRR, from {@code from} (inclusive) to {@code until} (exclusive;
 * {@code null} while it lasts). An MRR change or a release ends a period.
 */
public record AccountPeriod(String accountId, String customerDomain, String customerCountry, Money mrr, Instant from,
                            Instant until) {

    public boolean activeAt(Instant t) {
        return !from.isAfter(t) && (until == null || t.isBefore(until));
    }

    public AccountPeriod endedAt(Instant end) {
        return new AccountPeriod(accountId, customerDomain, customerCountry, mrr, from, end);
    }
}
