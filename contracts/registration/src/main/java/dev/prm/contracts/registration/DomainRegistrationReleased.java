package dev.prm.contracts.registration;

import java.time.Instant;

/** A registration was released by its partner (R5); its slot is free at once. */
public record DomainRegistrationReleased(String partnerId, String domain, Instant releasedAt) {
}
