package dev.prm.tier.command;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A deal's customer left at {@code churnedAt}. */
public record RecordDealChurned(@TargetAggregateIdentifier String partnerId, String dealId, Instant churnedAt) {
}
