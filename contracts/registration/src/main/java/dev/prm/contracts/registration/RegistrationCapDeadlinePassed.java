package dev.prm.contracts.registration;

import java.time.Instant;

/** A partner is still over cap at its deadline (R7): commissions are held from {@code deadline}. */
public record RegistrationCapDeadlinePassed(String partnerId, int cap, int active, Instant deadline) {
}
