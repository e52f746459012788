package dev.prm.commission.command;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import dev.prm.contracts.Money;

/** The deal's MRR is {@code mrr} from {@code amendedAt} on (C2). */
public record RecordDealAmended(@TargetAggregateIdentifier String partnerId, String dealId, Money mrr, Instant amendedAt,
                                Instant businessNow) {
}
