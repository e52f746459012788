package dev.prm.tier.command;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import dev.prm.contracts.Money;

/** T3: the partner manages an account from {@code at} with this MRR (again: the MRR changed). */
public record RecordAccountManaged(@TargetAggregateIdentifier String partnerId, String accountId, String customerDomain, String customerCountry, Money mrr, Instant at) {
}
