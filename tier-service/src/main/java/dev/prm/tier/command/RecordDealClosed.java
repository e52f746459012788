package dev.prm.tier.command;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import dev.prm.contracts.Money;

/** A deal closed by a partner at {@code closedAt} (the CloudEvent's time). */
public record RecordDealClosed(@TargetAggregateIdentifier String partnerId, String dealId, String customerDomain,
                               String customerCountry, Money mrr, Instant closedAt) {
}
