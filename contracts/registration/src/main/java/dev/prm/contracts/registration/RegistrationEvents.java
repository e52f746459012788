package dev.prm.contracts.registration;

import java.util.List;

import dev.prm.contracts.Contract;
import dev.prm.contracts.EventType;

/** registration-service's contract (SPEC §3): the registration decisions it publishes on {@code registration-events}. */
public final class RegistrationEvents extends Contract {
    public static final String TOPIC = "registration-events";

    public static final EventType DOMAIN_REGISTERED = EventType.published(TOPIC, DomainRegistered.class);
    public static final EventType DOMAIN_REGISTRATION_REJECTED = EventType.published(TOPIC, DomainRegistrationRejected.class);
    public static final EventType DOMAIN_REGISTRATION_REVOKED = EventType.published(TOPIC, DomainRegistrationRevoked.class);
    public static final EventType DOMAIN_REGISTRATION_EXTENDED = EventType.published(TOPIC, DomainRegistrationExtended.class);
    public static final EventType DOMAIN_REGISTRATION_EXPIRED = EventType.published(TOPIC, DomainRegistrationExpired.class);
    public static final EventType DOMAIN_REGISTRATION_RELEASED = EventType.published(TOPIC, DomainRegistrationReleased.class);
    public static final EventType CHANNEL_CONFLICT_OPENED = EventType.published(TOPIC, ChannelConflictOpened.class);
    public static final EventType CHANNEL_CONFLICT_RESOLVED = EventType.published(TOPIC, ChannelConflictResolved.class);
    public static final EventType REGISTRATION_CAP_EXCEEDED = EventType.published(TOPIC, RegistrationCapExceeded.class);
    public static final EventType REGISTRATION_CAP_DEADLINE_PASSED = EventType.published(TOPIC, RegistrationCapDeadlinePassed.class);
    public static final EventType REGISTRATION_CAP_RESTORED = EventType.published(TOPIC, RegistrationCapRestored.class);

    public static final List<EventType> ALL = List.of(DOMAIN_REGISTERED, DOMAIN_REGISTRATION_REJECTED, DOMAIN_REGISTRATION_REVOKED,
            DOMAIN_REGISTRATION_EXTENDED, DOMAIN_REGISTRATION_EXPIRED, DOMAIN_REGISTRATION_RELEASED, CHANNEL_CONFLICT_OPENED,
            CHANNEL_CONFLICT_RESOLVED, REGISTRATION_CAP_EXCEEDED, REGISTRATION_CAP_DEADLINE_PASSED, REGISTRATION_CAP_RESTORED);

    public RegistrationEvents() {
        super("registration-service", ALL);
    }
}
