package dev.prm.tier.command;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** T7: the monthly evaluation at a month end. */
public record EvaluateMonth(@TargetAggregateIdentifier String partnerId, Instant monthEnd) {
}
