package dev.prm.commission.command;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The deal's customer left at {@code churnedAt} (C2). */
public record RecordDealChurned(@TargetAggregateIdentifier String partnerId, String dealId, Instant churnedAt,
                                Instant businessNow) {
}
