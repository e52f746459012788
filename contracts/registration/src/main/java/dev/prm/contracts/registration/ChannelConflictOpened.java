package dev.prm.contracts.registration;

import java.time.Instant;

/** A domain is wanted by a partner and held by direct sales, or the reverse (R8). */
public record ChannelConflictOpened(String conflictId, String partnerId, String domain, String directOwnerId, Instant openedAt) {
}
