package dev.prm.registration.query;

import java.time.Instant;

/** A registration as it stood at the asked instant (SPEC §5). */
public record RegistrationView(String partnerId, String domain, Status status, Instant registeredAt, Instant validUntil,
                               boolean extended, boolean coSell) {

    public enum Status {
        ACTIVE,
        EXPIRED,
        RELEASED,
        /** B3: a registration time order would not have made, from its registration instant. */
        REVOKED
    }
}
