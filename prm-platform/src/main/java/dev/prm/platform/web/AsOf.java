package dev.prm.platform.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import dev.prm.platform.clock.BusinessClock;

/**
 * The {@code asOf} query parameter (SPEC B2): an ISO instant, or an ISO date meaning 00:00 UTC of that
 * day (the same convention as month ends: {@code asOf=2024-04-01} is the end of March). Absent: business now.
 */
public final class AsOf {

    private AsOf() {
    }

    public static Instant resolve(String asOf, BusinessClock clock) {
        if (asOf == null || asOf.isBlank()) {
            return clock.now();
        }
        try {
            if (asOf.length() == 10) {
                return LocalDate.parse(asOf).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(asOf).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequestException("asOf must be an ISO date (2024-04-01) or instant (2024-04-01T00:00:00Z), was '" + asOf + "'");
        }
    }
}
