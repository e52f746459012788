package dev.prm.commission.command;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** registration-service: the partner is back at or under its cap from {@code restoredAt} (R6, C3). */
public record RecordCapRestored(@TargetAggregateIdentifier String partnerId, Instant restoredAt, Instant businessNow) {
}
