package dev.prm.contracts.crm;

import java.util.List;

/** The topics the upstream CRM publishes to (SPEC §2). */
public final class CrmTopics {
    public static final String PARTNERS = "partners";
    public static final String DOMAIN_REGISTRATION = "domain-registration";
    public static final String DEAL_CLOSED = "deal-closed";
    public static final String ACCOUNT_MANAGED = "account-managed";
    public static final String BUSINESS_TIME = "business-time";

    public static final List<String> ALL = List.of(PARTNERS, DOMAIN_REGISTRATION, DEAL_CLOSED, ACCOUNT_MANAGED, BUSINESS_TIME);

    private CrmTopics() {
    }
}
