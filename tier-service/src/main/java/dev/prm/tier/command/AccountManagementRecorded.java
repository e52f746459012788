package dev.prm.tier.command;

import java.time.Instant;

import dev.prm.contracts.Money;

/** Stored event: an account managed from {@code at} with this MRR. */
public record AccountManagementRecorded(String partnerId, String accountId, String customerDomain, String customerCountry, Money mrr, Instant at) {
}
