package dev.prm.contracts.registration;

import java.time.Instant;

/** A registration was granted (R3, R8), valid from {@code registeredAt} until {@code validUntil} (exclusive). */
public record DomainRegistered(String partnerId, String domain, Instant registeredAt, Instant validUntil, boolean coSell) {
}
