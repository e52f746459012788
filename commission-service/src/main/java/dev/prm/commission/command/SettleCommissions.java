package dev.prm.commission.command;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Business time reached {@code businessNow}: make the accruals and releases that are due by then. */
public record SettleCommissions(@TargetAggregateIdentifier String partnerId, Instant businessNow) {
}
