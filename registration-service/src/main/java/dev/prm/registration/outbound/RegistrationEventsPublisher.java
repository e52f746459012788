package dev.prm.registration.outbound;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.springframework.stereotype.Component;

import dev.prm.contracts.registration.ChannelConflictOpened;
import dev.prm.contracts.registration.ChannelConflictResolved;
import dev.prm.contracts.registration.DomainRegistered;
import dev.prm.contracts.registration.DomainRegistrationExpired;
import dev.prm.contracts.registration.DomainRegistrationExtended;
import dev.prm.contracts.registration.DomainRegistrationRejected;
import dev.prm.contracts.registration.DomainRegistrationReleased;
import dev.prm.contracts.registration.DomainRegistrationRevoked;
import dev.prm.contracts.registration.RegistrationCapDeadlinePassed;
import dev.prm.contracts.registration.RegistrationCapExceeded;
import dev.prm.contracts.registration.RegistrationCapRestored;
import dev.prm.contracts.registration.RegistrationEvents;
import dev.prm.platform.publish.IntegrationEventPublisher;
import dev.prm.registration.command.DomainClaimEvents.ConflictOpened;
import dev.prm.registration.command.DomainClaimEvents.ConflictResolved;
import dev.prm.registration.command.PartnerEvents.CapDeadlinePassed;
import dev.prm.registration.command.PartnerEvents.CapExceeded;
import dev.prm.registration.command.PartnerEvents.CapRestored;
import dev.prm.registration.command.PartnerEvents.RegistrationExpired;
import dev.prm.registration.command.PartnerEvents.RegistrationExtended;
import dev.prm.registration.command.PartnerEvents.RegistrationGranted;
import dev.prm.registration.command.PartnerEvents.RegistrationRejected;
import dev.prm.registration.command.PartnerEvents.RegistrationReleased;
import dev.prm.registration.command.PartnerEvents.RegistrationRevoked;
import dev.prm.registration.metrics.RegistrationBusinessMetrics;

/**
 * Forwards every decision in the event store to {@code registration-events} (SPEC §3), keyed by partner,
 * with the stored event's id as the CloudEvent id: a batch sent again after a failure is de-duplicated downstream.
 */
@Component
@ProcessingGroup("registration-events-publisher")
class RegistrationEventsPublisher {

    private final IntegrationEventPublisher publisher;
    private final RegistrationBusinessMetrics metrics;

    RegistrationEventsPublisher(IntegrationEventPublisher publisher, RegistrationBusinessMetrics metrics) {
        this.publisher = publisher;
        this.metrics = metrics;
    }

    @EventHandler
    void on(RegistrationGranted event, @MessageIdentifier String id) {
        publisher.publish(RegistrationEvents.DOMAIN_REGISTERED, event.partnerId(), id, event.at(),
                new DomainRegistered(event.partnerId(), event.domain(), event.at(), event.validUntil(), event.coSell()));
        metrics.registered();
    }

    @EventHandler
    void on(RegistrationRejected event, @MessageIdentifier String id) {
        publisher.publish(RegistrationEvents.DOMAIN_REGISTRATION_REJECTED, event.partnerId(), id, event.at(),
                new DomainRegistrationRejected(event.partnerId(), event.domain(), event.reason().name(), event.at()));
        metrics.rejected(event.reason());
    }

    @EventHandler
    void on(RegistrationRevoked event, @MessageIdentifier String id) {
        publisher.publish(RegistrationEvents.DOMAIN_REGISTRATION_REVOKED, event.partnerId(), id, event.at(),
                new DomainRegistrationRevoked(event.partnerId(), event.domain(), event.reason().name(), event.at()));
    }

    @EventHandler
    void on(RegistrationExtended event, @MessageIdentifier String id) {
        publisher.publish(RegistrationEvents.DOMAIN_REGISTRATION_EXTENDED, event.partnerId(), id, event.at(),
                new DomainRegistrationExtended(event.partnerId(), event.domain(), event.validUntil()));
    }

    @EventHandler
    void on(RegistrationExpired event, @MessageIdentifier String id) {
        publisher.publish(RegistrationEvents.DOMAIN_REGISTRATION_EXPIRED, event.partnerId(), id, event.at(),
                new DomainRegistrationExpired(event.partnerId(), event.domain(), event.at()));
    }

    @EventHandler
    void on(RegistrationReleased event, @MessageIdentifier String id) {
        publisher.publish(RegistrationEvents.DOMAIN_REGISTRATION_RELEASED, event.partnerId(), id, event.at(),
                new DomainRegistrationReleased(event.partnerId(), event.domain(), event.at()));
    }

    @EventHandler
    void on(ConflictOpened event, @MessageIdentifier String id) {
        publisher.publish(RegistrationEvents.CHANNEL_CONFLICT_OPENED, event.partnerId(), id, event.at(),
                new ChannelConflictOpened(event.conflictId(), event.partnerId(), event.domain(), event.directOwnerId(), event.at()));
    }

    @EventHandler
    void on(ConflictResolved event, @MessageIdentifier String id) {
        publisher.publish(RegistrationEvents.CHANNEL_CONFLICT_RESOLVED, event.partnerId(), id, event.at(),
                new ChannelConflictResolved(event.conflictId(), event.partnerId(), event.domain(), event.resolution().name(), event.at()));
    }

    @EventHandler
    void on(CapExceeded event, @MessageIdentifier String id) {
        publisher.publish(RegistrationEvents.REGISTRATION_CAP_EXCEEDED, event.partnerId(), id, event.at(),
                new RegistrationCapExceeded(event.partnerId(), event.cap(), event.active(), event.at(), event.deadline()));
    }

    @EventHandler
    void on(CapDeadlinePassed event, @MessageIdentifier String id) {
        publisher.publish(RegistrationEvents.REGISTRATION_CAP_DEADLINE_PASSED, event.partnerId(), id, event.at(),
                new RegistrationCapDeadlinePassed(event.partnerId(), event.cap(), event.active(), event.at()));
    }

    @EventHandler
    void on(CapRestored event, @MessageIdentifier String id) {
        publisher.publish(RegistrationEvents.REGISTRATION_CAP_RESTORED, event.partnerId(), id, event.at(),
                new RegistrationCapRestored(event.partnerId(), event.cap(), event.active(), event.at()));
    }
}
