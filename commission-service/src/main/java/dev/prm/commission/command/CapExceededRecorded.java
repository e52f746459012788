package dev.prm.commission.command;

import java.time.Instant;

/** Stored fact: over cap from {@code since}; commissions will be held from {@code deadline} if still over then. */
public record CapExceededRecorded(String partnerId, Instant since, Instant deadline) {
}
