package dev.prm.registration.command;

import java.time.Instant;

import dev.prm.registration.domain.ConflictResolution;
import dev.prm.registration.domain.RejectionReason;

/** Stored events of one domain (the {@link DomainClaim} stream): who holds it, direct sales, conflicts. */
public final class DomainClaimEvents {

    private DomainClaimEvents() {
    }

    public interface DomainEvent {
        String domain();
    }

    /** {@code requestId}: the request's event id; null for a grant by a conflict's resolution (and before B3 revisions). */
    public record DomainClaimed(String domain, String partnerId, Instant registeredAt, Instant validUntil, String requestId)
            implements DomainEvent {
    }

    /** B3: the registration made at {@code registeredAt} would not have been made in time order. */
    public record DomainClaimRevoked(String domain, String partnerId, Instant registeredAt, RejectionReason reason) implements DomainEvent {
    }

    /** A request refused ALREADY_REGISTERED, kept so that a late release or a revocation can decide it again (B3). */
    public record RequestRefusedWhileHeld(String domain, String partnerId, Instant at, String requestId) implements DomainEvent {
    }

    /** A request refused CHANNEL_CONFLICT (its case {@code conflictId}), kept so that a late unassignment can decide it again (B3). */
    public record RequestRefusedForChannel(String domain, String partnerId, Instant at, String requestId, String conflictId)
            implements DomainEvent {
    }

    /** The refused request was decided again (its new decision is in the partner's stream). */
    public record RefusalRedecided(String domain, String requestId) implements DomainEvent {
    }

    public record DomainClaimExtended(String domain, String partnerId, Instant validUntil) implements DomainEvent {
    }

    public record DomainClaimReleased(String domain, String partnerId, Instant at) implements DomainEvent {
    }

    /** {@code requestId}: the CRM assignment's event id (null when a conflict's resolution assigned the owner). */
    public record DirectOwnerTookDomain(String domain, String ownerId, Instant at, String requestId) implements DomainEvent {
    }

    public record DirectOwnerLeftDomain(String domain, Instant at) implements DomainEvent {
    }

    public enum ConflictOrigin {
        /** A partner asked for a domain direct sales holds. */
        REQUEST,
        /** Direct sales was assigned a domain a partner holds. */
        ASSIGNMENT
    }

    public record ConflictOpened(String conflictId, String domain, String partnerId, String directOwnerId,
                                 ConflictOrigin origin, Instant at) implements DomainEvent {
    }

    public record ConflictResolved(String conflictId, String domain, String partnerId, String directOwnerId,
                                   ConflictResolution resolution, Instant at) implements DomainEvent {
    }
}
