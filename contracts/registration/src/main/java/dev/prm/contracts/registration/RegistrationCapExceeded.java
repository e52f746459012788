package dev.prm.contracts.registration;

import java.time.Instant;

/** A partner holds more active registrations than its cap (R6) and must comply by {@code deadline}. */
public record RegistrationCapExceeded(String partnerId, int cap, int active, Instant since, Instant deadline) {
}
