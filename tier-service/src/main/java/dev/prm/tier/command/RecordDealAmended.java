package dev.prm.tier.command;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import dev.prm.contracts.Money;

/** T5: a deal's MRR changed at {@code amendedAt}. */
public record RecordDealAmended(@TargetAggregateIdentifier String partnerId, String dealId, Money mrr, Instant amendedAt) {
}
