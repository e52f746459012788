package dev.prm.commission.command;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import dev.prm.contracts.Money;

/**
 * A deal the partner closed at {@code closedAt} (its CloudEvent's time). {@code businessNow} is the business
 * time up to which month ends have been accrued; {@code null} before the first tick.
 */
public record RecordDealClosed(@TargetAggregateIdentifier String partnerId, String dealId, Money mrr, Instant closedAt,
                               Instant businessNow) {
}
