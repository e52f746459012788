package dev.prm.contracts.crm;

import java.util.List;

import dev.prm.contracts.Contract;
import dev.prm.contracts.EventType;

/** The upstream CRM's contract (SPEC §2): the types it publishes, each read strictly field by field. */
public final class CrmEvents extends Contract {
    public static final EventType PARTNER_ENROLLED =
            EventType.fromUpstream(CrmTopics.PARTNERS, PartnerEnrolled.class, PartnerEnrolled::read);
    public static final EventType DOMAIN_REGISTRATION_REQUESTED =
            EventType.fromUpstream(CrmTopics.DOMAIN_REGISTRATION, DomainRegistrationRequested.class, DomainRegistrationRequested::read);
    public static final EventType DOMAIN_REGISTRATION_EXTENSION_REQUESTED = EventType.fromUpstream(CrmTopics.DOMAIN_REGISTRATION,
            DomainRegistrationExtensionRequested.class, DomainRegistrationExtensionRequested::read);
    public static final EventType DOMAIN_REGISTRATION_RELEASE_REQUESTED =
            EventType.fromUpstream(CrmTopics.DOMAIN_REGISTRATION, DomainRegistrationReleased.class, DomainRegistrationReleased::read);
    public static final EventType DIRECT_OWNER_ASSIGNED =
            EventType.fromUpstream(CrmTopics.DOMAIN_REGISTRATION, DirectOwnerAssigned.class, DirectOwnerAssigned::read);
    public static final EventType DIRECT_OWNER_UNASSIGNED =
            EventType.fromUpstream(CrmTopics.DOMAIN_REGISTRATION, DirectOwnerUnassigned.class, DirectOwnerUnassigned::read);
    public static final EventType DEAL_CLOSED = EventType.fromUpstream(CrmTopics.DEAL_CLOSED, DealClosed.class, DealClosed::read);
    public static final EventType DEAL_AMENDED = EventType.fromUpstream(CrmTopics.DEAL_CLOSED, DealAmended.class, DealAmended::read);
    public static final EventType DEAL_CHURNED = EventType.fromUpstream(CrmTopics.DEAL_CLOSED, DealChurned.class, DealChurned::read);
    public static final EventType ACCOUNT_MANAGED =
            EventType.fromUpstream(CrmTopics.ACCOUNT_MANAGED, AccountManaged.class, AccountManaged::read);
    public static final EventType ACCOUNT_RELEASED =
            EventType.fromUpstream(CrmTopics.ACCOUNT_MANAGED, AccountReleased.class, AccountReleased::read);
    public static final EventType TIME_PASSED = EventType.fromUpstream(CrmTopics.BUSINESS_TIME, TimePassed.class, TimePassed::read);

    public static final List<EventType> ALL = List.of(PARTNER_ENROLLED, DOMAIN_REGISTRATION_REQUESTED,
            DOMAIN_REGISTRATION_EXTENSION_REQUESTED, DOMAIN_REGISTRATION_RELEASE_REQUESTED, DIRECT_OWNER_ASSIGNED,
            DIRECT_OWNER_UNASSIGNED, DEAL_CLOSED, DEAL_AMENDED, DEAL_CHURNED, ACCOUNT_MANAGED, ACCOUNT_RELEASED, TIME_PASSED);

    public CrmEvents() {
        super("crm", ALL);
    }
}
