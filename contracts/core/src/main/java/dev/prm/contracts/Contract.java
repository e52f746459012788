package dev.prm.contracts;

import java.util.List;

/**
 * One producer's integration contract: the types it publishes. Each contract module registers its subclass in
 * {@code META-INF/services/dev.prm.contracts.Contract}, so a consumer knows a producer's types by depending on its
 * contract module, and no module lists every producer's types.
 */
public abstract class Contract {

    private final String producer;
    private final List<EventType> types;

    /** @param producer who publishes these types: {@code crm} for the upstream CRM, else the service's name */
    protected Contract(String producer, List<EventType> types) {
        this.producer = producer;
        this.types = List.copyOf(types);
    }

    public final String producer() {
        return producer;
    }

    public final List<EventType> types() {
        return types;
    }
}
