package dev.prm.contracts.registration;

import java.time.Instant;

/** A registration request was refused with its R3 or R4 reason. */
public record DomainRegistrationRejected(String partnerId, String domain, String reason, Instant requestedAt) {
}
