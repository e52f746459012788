package dev.prm.contracts.registration;

import java.time.Instant;

/** A partner is back at or under its cap (R6). */
public record RegistrationCapRestored(String partnerId, int cap, int active, Instant restoredAt) {
}
