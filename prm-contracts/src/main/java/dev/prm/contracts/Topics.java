package dev.prm.contracts;

import java.util.List;

/** Kafka topic names of the public contract (SPEC §2 and §3). */
public final class Topics {
    public static final String PARTNERS = "partners";
    public static final String DOMAIN_REGISTRATION = "domain-registration";
    public static final String DEAL_CLOSED = "deal-closed";
    public static final String ACCOUNT_MANAGED = "account-managed";
    public static final String BUSINESS_TIME = "business-time";

    public static final String TIER_EVENTS = "tier-events";
    public static final String REGISTRATION_EVENTS = "registration-events";
    public static final String COMMISSION_EVENTS = "commission-events";

    public static final List<String> INBOUND = List.of(PARTNERS, DOMAIN_REGISTRATION, DEAL_CLOSED, ACCOUNT_MANAGED, BUSINESS_TIME);
    public static final List<String> OUTBOUND = List.of(TIER_EVENTS, REGISTRATION_EVENTS, COMMISSION_EVENTS);

    private static final String DEAD_LETTER_SUFFIX = ".DLT";

    private Topics() {
    }

    /** The dead-letter topic of an inbound topic: malformed messages land there with their reasons. */
    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
