package dev.prm.tier.command;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Issue 18: after the monthly evaluation at {@code monthEnd}, whether the outlook for the next re-evaluation is at risk. */
public record AssessTierOutlook(@TargetAggregateIdentifier String partnerId, Instant monthEnd) {
}
