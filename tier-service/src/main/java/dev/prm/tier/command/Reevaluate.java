package dev.prm.tier.command;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** T8: the semiannual re-evaluation at {@code at}. */
public record Reevaluate(@TargetAggregateIdentifier String partnerId, Instant at) {
}
