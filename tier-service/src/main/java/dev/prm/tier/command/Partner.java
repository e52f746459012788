package dev.prm.tier.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.HashSet;
import java.util.Set;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A partner of the program, event-sourced. Created on the first fact that names it (P1: an event for a
 * partner not enrolled yet is kept, never dropped).
 */
@Aggregate
public class Partner {

    @AggregateIdentifier
    private String partnerId;
    private final Set<String> deals = new HashSet<>();

    protected Partner() {
        // for Axon
    }

    /** A deal is closed once: the same deal reported again under another event id changes nothing. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RecordDealClosed command) {
        if (deals.contains(command.dealId())) {
            return;
        }
        apply(new DealRecorded(command.partnerId(), command.dealId(), command.customerDomain(),
                command.customerCountry(), command.mrr(), command.closedAt()));
    }

    @EventSourcingHandler
    void on(DealRecorded event) {
        partnerId = event.partnerId();
        deals.add(event.dealId());
    }
}
