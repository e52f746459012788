package dev.prm.contracts.registration;

import java.time.Instant;

/** A partner manager resolved a conflict (R8): PARTNER, DIRECT or CO_SELL. */
public record ChannelConflictResolved(String conflictId, String partnerId, String domain, String resolution, Instant resolvedAt) {
}
