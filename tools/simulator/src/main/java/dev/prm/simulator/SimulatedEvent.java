package dev.prm.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

import dev.prm.contracts.crm.CrmTopics;


/**
 * One message of the simulated history, as the upstream CRM would put it on Kafka.
 *
 * @param topic    an inbound topic of SPEC §2
 * @param key      the Kafka key: the partner id; the domain for DirectOwner*; {@code clock} for ticks
 * @param type     the CloudEvents type (for a malformed message: the type it was derived from)
 * @param id       the CloudEvent id (the de-duplication key)
 * @param time     the effective time of the fact (the CloudEvent's {@code time})
 * @param value    the CloudEvent in structured JSON mode
 * @param scenario why this message is notable; {@link Scenario#ORDINARY} for most
 */
public record SimulatedEvent(String topic, String key, String type, String id, Instant time, byte[] value, Scenario scenario) {

    /** Key of the TimePassed ticks: one key keeps them on one partition, in order. */
    public static final String CLOCK_KEY = "clock";

    public enum Scenario {
        ORDINARY,
        /** The same fact again, same id and bytes: a producer retry or a CRM replay (SPEC §4). */
        REDELIVERY,
        /** Not a valid event: dead-lettered with a reason (SPEC §4). */
        MALFORMED,
        /** A partner asks again for a domain it holds, sometimes written another way (R1, R3: idempotent). */
        DUPLICATE_REQUEST_SAME_PARTNER,
        /** A partner asks for a domain another partner holds (R3: ALREADY_REGISTERED). */
        DUPLICATE_REQUEST_OTHER_PARTNER,
        /** A partner asks for a domain direct sales owns (R3: CHANNEL_CONFLICT, R8 case). */
        CONFLICT_REQUEST_ON_DIRECT_DOMAIN,
        /** Direct sales is assigned a domain a partner holds (R8: a case, the partner keeps it). */
        CONFLICT_DIRECT_OWNER_ON_HELD_DOMAIN,
        /** One of the registrations of a partner that will be over its cap (R6, R7, C3). */
        OVER_CAP_REGISTRATION,
        /** A fact of a partner before its enrolment (P1: a stub, filled in later). */
        BEFORE_ENROLMENT,
        // staged on purpose (SimulationSettings.conflictsPerMonth): facts whose result must not depend on arrival order (B3)
        /** Two partners ask for one new domain days apart in the same month: the earlier request wins (R3). */
        SAME_DOMAIN_TWO_PARTNERS,
        /** A partner releases a domain; one partner asks for it before the release, another after (R3, R5). */
        REQUEST_AROUND_RELEASE,
        /** A domain goes from one direct owner to another; a partner asks for it in between (R3: CHANNEL_CONFLICT). */
        REQUEST_BETWEEN_DIRECT_OWNERS,
        /** A partner asks for a domain that direct sales is assigned days later (R8: the partner keeps it, a case opens). */
        REQUEST_BEFORE_DIRECT_OWNER,
        /** A deal amended into another currency of the T2 table (C2, T5). */
        DEAL_CURRENCY_CHANGED,
        /** A fact dated seconds after a month end, right behind its tick: the month end's decisions must not count it (B3). */
        RIGHT_AFTER_MONTH_END
    }

    public SimulatedEvent {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(scenario, "scenario");
    }

    public boolean isTick() {
        return topic.equals(CrmTopics.BUSINESS_TIME);
    }

    public String json() {
        return new String(value, StandardCharsets.UTF_8);
    }
}
