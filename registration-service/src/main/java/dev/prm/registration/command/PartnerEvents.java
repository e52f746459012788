package dev.prm.registration.command;

import java.time.Instant;

import dev.prm.contracts.PartnerKind;
import dev.prm.contracts.Tier;
import dev.prm.registration.domain.ConflictResolution;
import dev.prm.registration.domain.RejectionReason;

/**
 * Stored events of a partner's registrations (the {@link PartnerRegistrations} stream). Internal to
 * registration-service; the forwarder maps the decisions among them to the published contract (SPEC §3).
 */
public final class PartnerEvents {

    private PartnerEvents() {
    }

    /** Every event of the stream: whose, and the instant it takes effect. */
    public interface PartnerEvent {
        String partnerId();

        Instant at();
    }

    public record EnrolmentRecorded(String partnerId, PartnerKind kind, Tier tier, Instant at) implements PartnerEvent {
    }

    public record TierRecorded(String partnerId, Tier tier, Instant at) implements PartnerEvent {
    }

    /** The partner crossed into a new cap table version at its effective instant. */
    public record CapTableAdopted(String partnerId, String version, Instant at) implements PartnerEvent {
    }

    /** {@code requestId}: the request granted (null for a conflict's resolution and in events stored before B3's revisions). */
    public record RegistrationGranted(String partnerId, String domain, Instant at, Instant validUntil, boolean coSell, String requestId)
            implements PartnerEvent {
    }

    /** A request, an extension or a conflict grant refused; {@code domain} as requested; {@code requestId} as above. */
    public record RegistrationRejected(String partnerId, String domain, RejectionReason reason, Instant at, String requestId)
            implements PartnerEvent {
    }

    public record RegistrationExtended(String partnerId, String domain, Instant validUntil, Instant at) implements PartnerEvent {
    }

    /**
     * B3: a registration time order would not have made, revoked from its own instant ({@code at} = registeredAt):
     * it never counts toward the cap.
     */
    public record RegistrationRevoked(String partnerId, String domain, RejectionReason reason, Instant registeredAt, Instant at)
            implements PartnerEvent {
    }

    public record RegistrationReleased(String partnerId, String domain, Instant at) implements PartnerEvent {
    }

    /** B3: a release of a domain the partner did not hold when it came; not published, kept for a late grant from before. */
    public record ReleaseHeldBack(String partnerId, String domain, Instant at) implements PartnerEvent {
    }

    /** {@code at} is the end of validity. */
    public record RegistrationExpired(String partnerId, String domain, Instant at) implements PartnerEvent {
    }

    /** An existing registration shared with direct sales after a conflict resolved as CO_SELL. */
    public record RegistrationMarkedCoSell(String partnerId, String domain, String conflictId, ConflictResolution resolution,
                                           Instant at) implements PartnerEvent {
    }

    public record CapExceeded(String partnerId, int cap, int active, Instant at, Instant deadline) implements PartnerEvent {
    }

    /** {@code at} is the deadline. */
    public record CapDeadlinePassed(String partnerId, int cap, int active, Instant at) implements PartnerEvent {
    }

    public record CapRestored(String partnerId, int cap, int active, Instant at) implements PartnerEvent {
    }
}
