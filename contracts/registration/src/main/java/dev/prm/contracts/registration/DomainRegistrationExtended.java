package dev.prm.contracts.registration;

import java.time.Instant;

/** A registration was extended by 3 months (R4). */
public record DomainRegistrationExtended(String partnerId, String domain, Instant validUntil) {
}
