package dev.prm.contracts.commission;

import java.util.List;

import dev.prm.contracts.Contract;
import dev.prm.contracts.EventType;

/** commission-service's contract (SPEC §3): the commissions and holds it publishes on {@code commission-events}. */
public final class CommissionEvents extends Contract {
    public static final String TOPIC = "commission-events";

    public static final EventType COMMISSION_ACCRUED = EventType.published(TOPIC, CommissionAccrued.class);
    public static final EventType COMMISSION_HOLD_PLACED = EventType.published(TOPIC, CommissionHoldPlaced.class);
    public static final EventType COMMISSION_HOLD_RELEASED = EventType.published(TOPIC, CommissionHoldReleased.class);

    public static final List<EventType> ALL = List.of(COMMISSION_ACCRUED, COMMISSION_HOLD_PLACED, COMMISSION_HOLD_RELEASED);

    public CommissionEvents() {
        super("commission-service", ALL);
    }
}
