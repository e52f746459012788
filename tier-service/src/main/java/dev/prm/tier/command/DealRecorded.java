package dev.prm.tier.command;

import java.time.Instant;

import dev.prm.contracts.Money;

/** Stored event: a deal the partner closed. Internal to tier-service; never published as such. */
public record DealRecorded(String partnerId, String dealId, String customerDomain, String customerCountry, Money mrr,
                           Instant closedAt) {
}
