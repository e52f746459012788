package dev.prm.registration.domain;

import java.time.Instant;

/** A partner's registration of a domain: active at t when registeredAt ≤ t &lt; validUntil (R5). */
public record Holding(String domain, Instant registeredAt, Instant validUntil, boolean extended, boolean coSell) {

    public boolean activeAt(Instant t) {
        return !registeredAt.isAfter(t) && t.isBefore(validUntil);
    }

    public Holding extendedTo(Instant newValidUntil) {
        return new Holding(domain, registeredAt, newValidUntil, true, coSell);
    }

    public Holding markedCoSell() {
        return new Holding(domain, registeredAt, validUntil, extended, true);
    }
}
