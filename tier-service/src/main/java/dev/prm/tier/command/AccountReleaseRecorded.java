package dev.prm.tier.command;

import java.time.Instant;

/** Stored event: an account no longer managed from {@code at}. */
public record AccountReleaseRecorded(String partnerId, String accountId, Instant at) {
}
