package dev.prm.registration.domain;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * R3/R4 validity in calendar months (UTC). An extension is counted from the registration, not from the
 * current end: registered on Aug 31 it ends Feb 28/29 and, once extended, May 31 (9 months after), so a
 * day clamped at a short month is never carried over.
 */
public final class Validity {

    public static final int REGISTRATION_MONTHS = 6;
    public static final int EXTENSION_MONTHS = 3;

    private Validity() {
    }

    public static Instant validUntil(Instant registeredAt) {
        return plusMonths(registeredAt, REGISTRATION_MONTHS);
    }

    public static Instant extendedUntil(Instant registeredAt) {
        return plusMonths(registeredAt, REGISTRATION_MONTHS + EXTENSION_MONTHS);
    }

    static Instant plusMonths(Instant at, int months) {
        return at.atOffset(ZoneOffset.UTC).plusMonths(months).toInstant();
    }
}
