package dev.prm.registration.command;

import java.util.Optional;

import dev.prm.registration.domain.Holding;
import dev.prm.registration.domain.RejectionReason;

/** What a command decided, for the caller (REST answers with it; Kafka has the published events). */
public final class Decisions {

    private Decisions() {
    }

    public sealed interface RegistrationDecision {
    }

    public record Granted(Holding registration) implements RegistrationDecision {
    }

    /** The partner already held the domain: its registration, unchanged. */
    public record AlreadyHeld(Holding registration) implements RegistrationDecision {
    }

    public record Refused(RejectionReason reason, Optional<String> conflictId) implements RegistrationDecision {
        public Refused(RejectionReason reason) {
            this(reason, Optional.empty());
        }
    }

    public sealed interface ExtensionDecision {
    }

    public record Extended(Holding registration) implements ExtensionDecision {
    }

    public record ExtensionRefused(RejectionReason reason) implements ExtensionDecision {
    }

    public sealed interface ResolutionDecision {
    }

    public record Resolved(Optional<Holding> registration) implements ResolutionDecision {
    }

    public record ResolutionRefused(RejectionReason reason) implements ResolutionDecision {
    }

    /** The case is unknown to its domain or already resolved. */
    public record NotOpen() implements ResolutionDecision {
    }
}
