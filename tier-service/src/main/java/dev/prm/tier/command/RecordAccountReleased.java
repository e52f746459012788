package dev.prm.tier.command;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The partner no longer manages the account from {@code at}. */
public record RecordAccountReleased(@TargetAggregateIdentifier String partnerId, String accountId, Instant at) {
}
