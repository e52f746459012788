package dev.prm.contracts;

import java.util.List;

/**
 * One producer's integration contract: the types it publishes. Each contract module registers its implementation
 * in {@code META-INF/services/dev.prm.contracts.Contract}, so a consumer knows a producer's types by depending on
 * its contract module, and no module lists every producer's types.
 */
public interface Contract {

    /** Who publishes these types: {@code crm} for the upstream CRM, else the service's name. */
    String producer();

    List<EventType> types();
}
