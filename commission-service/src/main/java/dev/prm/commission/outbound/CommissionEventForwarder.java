package dev.prm.commission.outbound;

import java.util.List;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import dev.prm.commission.command.CommissionEntryRecorded;
import dev.prm.commission.command.CommissionsSettled;
import dev.prm.commission.command.HoldPlaced;
import dev.prm.commission.command.HoldReleased;
import dev.prm.contracts.commission.CommissionAccrued;
import dev.prm.contracts.commission.CommissionEvents;
import dev.prm.contracts.commission.CommissionHoldPlaced;
import dev.prm.contracts.commission.CommissionHoldReleased;
import dev.prm.platform.publish.IntegrationEventPublisher;

/**
 * Forwards the stored decisions to {@code commission-events} (SPEC §3), keyed by partner, each with its
 * stored event's id as CloudEvent id (a re-forward after a failure is a duplicate consumers drop) and its
 * effective time as CloudEvent time. Never reset: a projection rebuild republishes nothing.
 */
@Component
@ProcessingGroup("commission-publisher")
@ConditionalOnProperty(name = "prm.commission.publishing", havingValue = "true", matchIfMissing = true)
class CommissionEventForwarder {

    private final IntegrationEventPublisher publisher;

    CommissionEventForwarder(IntegrationEventPublisher publisher) {
        this.publisher = publisher;
    }

    /** The shape stored before {@link CommissionsSettled}: published with its stored event's id. */
    @EventHandler
    void on(CommissionEntryRecorded entry, @MessageIdentifier String id) {
        publish(entry.partnerId(), id, new CommissionsSettled.Entry(entry.dealId(), entry.month(), entry.monthEnd(),
                entry.amount(), entry.entryKind(), entry.rate(), entry.policyVersion(), entry.partnerKind(), entry.effectiveAt(),
                entry.status()));
    }

    /** One {@code CommissionAccrued} per entry (SPEC §3), each with an id derived from the stored event's. */
    @EventHandler
    void on(CommissionsSettled settled, @MessageIdentifier String id) {
        List<CommissionsSettled.Entry> entries = settled.entries();
        for (int line = 0; line < entries.size(); line++) {
            publish(settled.partnerId(), CommissionsSettled.entryId(id, line), entries.get(line));
        }
    }

    private void publish(String partnerId, String id, CommissionsSettled.Entry entry) {
        publisher.publish(CommissionEvents.COMMISSION_ACCRUED, partnerId, id, entry.effectiveAt(),
                new CommissionAccrued(partnerId, entry.dealId(), entry.month(), entry.monthEnd(), entry.amount(),
                        entry.rate().toPlainString(), entry.policyVersion(), entry.entryKind().name(), entry.status().name()));
    }

    @EventHandler
    void on(HoldPlaced hold, @MessageIdentifier String id) {
        publisher.publish(CommissionEvents.COMMISSION_HOLD_PLACED, hold.partnerId(), id, hold.since(),
                new CommissionHoldPlaced(hold.partnerId(), hold.reason(), hold.since()));
    }

    @EventHandler
    void on(HoldReleased release, @MessageIdentifier String id) {
        publisher.publish(CommissionEvents.COMMISSION_HOLD_RELEASED, release.partnerId(), id, release.until(),
                new CommissionHoldReleased(release.partnerId(), release.since(), release.until(), release.releasedAmounts()));
    }
}
