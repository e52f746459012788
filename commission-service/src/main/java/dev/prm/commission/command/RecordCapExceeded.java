package dev.prm.commission.command;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** registration-service: the partner is over cap from {@code since} and must comply by {@code deadline} (R6). */
public record RecordCapExceeded(@TargetAggregateIdentifier String partnerId, Instant since, Instant deadline) {
}
