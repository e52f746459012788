package dev.prm.registration.query;

import java.time.Instant;

/** A channel conflict case (R8); {@code resolution} and {@code resolvedAt} are null while it is open. */
public record ConflictView(String conflictId, String partnerId, String domain, String directOwnerId, String origin,
                           Instant openedAt, String status, String resolution, Instant resolvedAt) {
}
