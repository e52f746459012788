package dev.prm.contracts.registration;

import java.time.Instant;

/**
 * B3: a registration that time order would not have made (a fact dated before it arrived after it) is revoked from
 * {@code effectiveAt}, the instant it was registered, with the R3 reason the request would have got.
 */
public record DomainRegistrationRevoked(String partnerId, String domain, String reason, Instant effectiveAt) {
}
