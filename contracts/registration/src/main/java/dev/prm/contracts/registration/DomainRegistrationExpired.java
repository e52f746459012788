package dev.prm.contracts.registration;

import java.time.Instant;

/** A registration reached the end of its validity (R5). */
public record DomainRegistrationExpired(String partnerId, String domain, Instant expiredAt) {
}
