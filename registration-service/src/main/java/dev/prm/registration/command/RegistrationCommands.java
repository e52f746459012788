package dev.prm.registration.command;

import java.time.Instant;

import dev.prm.contracts.PartnerKind;
import dev.prm.contracts.Tier;
import dev.prm.registration.domain.ConflictResolution;

/**
 * Commands of registration-service, the same whether they come from Kafka or REST. {@code requestId}
 * is the CloudEvent id (or a fresh id for REST): conflict ids derive from it, so a replay decides alike.
 */
public final class RegistrationCommands {

    private RegistrationCommands() {
    }

    public record RequestRegistration(String partnerId, String domain, Instant at, String requestId) {
    }

    public record RequestExtension(String partnerId, String domain, Instant at) {
    }

    public record ReleaseRegistration(String partnerId, String domain, Instant at) {
    }

    public record RecordEnrolment(String partnerId, PartnerKind kind, Tier tier, Instant at) {
    }

    public record RecordTierChange(String partnerId, Tier tier, Instant at) {
    }

    public record AssignDirectOwner(String domain, String ownerId, Instant at, String requestId) {
    }

    public record UnassignDirectOwner(String domain, Instant at) {
    }

    /** {@code partnerId} and {@code domain} name the streams the case lives in (from the conflicts view). */
    public record ResolveConflict(String conflictId, String partnerId, String domain, ConflictResolution resolution, Instant at) {
    }

    /** Business time reached {@code now}: expiries, cap table changes and deadlines up to it. */
    public record AdvanceRegistrationClock(String partnerId, Instant now) {
    }
}
