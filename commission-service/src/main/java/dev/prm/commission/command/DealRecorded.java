package dev.prm.commission.command;

import java.time.Instant;

import dev.prm.contracts.Money;

/** Stored fact: a deal the partner closed. Internal to commission-service, like every stored event here. */
public record DealRecorded(String partnerId, String dealId, Money mrr, Instant closedAt) {
}
