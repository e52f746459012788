package dev.prm.registration.outbound;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.springframework.stereotype.Component;

import dev.prm.registration.command.DomainClaimEvents.ConflictOpened;
import dev.prm.registration.command.DomainClaimEvents.ConflictResolved;
import dev.prm.registration.command.PartnerEvents.PartnerEvent;

/**
 * Events about one partner are published in order, whether stored in the partner's stream or, for
 * conflicts, in a domain's: a partner's rejection for CHANNEL_CONFLICT never overtakes the case it opened.
 */
@Component("partnerSequencingPolicy")
class PartnerSequencingPolicy implements SequencingPolicy<EventMessage<?>> {

    private final SequentialPerAggregatePolicy perAggregate = SequentialPerAggregatePolicy.instance();

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        return switch (event.getPayload()) {
            case PartnerEvent partnerEvent -> partnerEvent.partnerId();
            case ConflictOpened opened -> opened.partnerId();
            case ConflictResolved resolved -> resolved.partnerId();
            default -> perAggregate.getSequenceIdentifierFor(event);
        };
    }
}
