package dev.prm.commission.command;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** registration-service: the partner was still over cap when {@code deadline} passed (R7). */
public record RecordCapDeadlinePassed(@TargetAggregateIdentifier String partnerId, Instant deadline, Instant businessNow) {
}
