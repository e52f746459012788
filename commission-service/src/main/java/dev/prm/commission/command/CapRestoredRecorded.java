package dev.prm.commission.command;

import java.time.Instant;

/** Stored fact: back at or under cap from {@code restoredAt}. */
public record CapRestoredRecorded(String partnerId, Instant restoredAt) {
}
