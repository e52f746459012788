package dev.prm.contracts.catalog;

import java.util.List;

import dev.prm.contracts.commission.CommissionEvents;
import dev.prm.contracts.crm.CrmTopics;
import dev.prm.contracts.registration.RegistrationEvents;
import dev.prm.contracts.tier.TierEvents;

/**
 * Every producer's contract in one place, for what describes the system as a whole: the AsyncAPI document
 * ({@code asyncapi.yaml}, served by the gateway) and the deployment's topics and ACLs.
 */
public final class ContractCatalog {

    /** The topics the upstream CRM publishes to, which the services read (SPEC §2). */
    public static final List<String> INBOUND_TOPICS = CrmTopics.ALL;

    /** The topics the services publish their decisions to (SPEC §3). */
    public static final List<String> OUTBOUND_TOPICS = List.of(TierEvents.TOPIC, RegistrationEvents.TOPIC, CommissionEvents.TOPIC);

    private ContractCatalog() {
    }
}
