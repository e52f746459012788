package dev.prm.commission.command;

import java.time.Instant;

/** Stored fact: still over cap when {@code deadline} passed. */
public record CapDeadlinePassedRecorded(String partnerId, Instant deadline) {
}
