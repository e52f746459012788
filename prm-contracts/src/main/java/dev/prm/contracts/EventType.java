package dev.prm.contracts;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.prm.contracts.inbound.AccountManaged;
import dev.prm.contracts.inbound.AccountReleased;
import dev.prm.contracts.inbound.DealAmended;
import dev.prm.contracts.inbound.DealChurned;
import dev.prm.contracts.inbound.DealClosed;
import dev.prm.contracts.inbound.DirectOwnerAssigned;
import dev.prm.contracts.inbound.DirectOwnerUnassigned;
import dev.prm.contracts.inbound.DomainRegistrationExtensionRequested;
import dev.prm.contracts.inbound.DomainRegistrationReleased;
import dev.prm.contracts.inbound.DomainRegistrationRequested;
import dev.prm.contracts.inbound.PartnerEnrolled;
import dev.prm.contracts.inbound.TimePassed;
import dev.prm.contracts.outbound.ChannelConflictOpened;
import dev.prm.contracts.outbound.ChannelConflictResolved;
import dev.prm.contracts.outbound.CommissionAccrued;
import dev.prm.contracts.outbound.CommissionHoldPlaced;
import dev.prm.contracts.outbound.CommissionHoldReleased;
import dev.prm.contracts.outbound.DomainRegistered;
import dev.prm.contracts.outbound.DomainRegistrationExpired;
import dev.prm.contracts.outbound.DomainRegistrationExtended;
import dev.prm.contracts.outbound.DomainRegistrationRejected;
import dev.prm.contracts.outbound.DomainRegistrationRevoked;
import dev.prm.contracts.outbound.RegistrationCapDeadlinePassed;
import dev.prm.contracts.outbound.RegistrationCapExceeded;
import dev.prm.contracts.outbound.RegistrationCapRestored;
import dev.prm.contracts.outbound.TierAtRisk;
import dev.prm.contracts.outbound.TierChanged;
import dev.prm.contracts.outbound.TierDecisionsWatermark;
import dev.prm.contracts.outbound.TierOutlookRecovered;

/**
 * Every CloudEvents type of the contract, with its topic, its data type and its schema version.
 * Inbound types carry a strict reader; outbound types are written from their records.
 * The same type name may appear on two topics (DomainRegistrationReleased is both a request and a decision).
 */
public enum EventType {
    PARTNER_ENROLLED(Topics.PARTNERS, PartnerEnrolled.class, PartnerEnrolled::read),
    DOMAIN_REGISTRATION_REQUESTED(Topics.DOMAIN_REGISTRATION, DomainRegistrationRequested.class, DomainRegistrationRequested::read),
    DOMAIN_REGISTRATION_EXTENSION_REQUESTED(Topics.DOMAIN_REGISTRATION, DomainRegistrationExtensionRequested.class, DomainRegistrationExtensionRequested::read),
    DOMAIN_REGISTRATION_RELEASE_REQUESTED(Topics.DOMAIN_REGISTRATION, DomainRegistrationReleased.class, DomainRegistrationReleased::read),
    DIRECT_OWNER_ASSIGNED(Topics.DOMAIN_REGISTRATION, DirectOwnerAssigned.class, DirectOwnerAssigned::read),
    DIRECT_OWNER_UNASSIGNED(Topics.DOMAIN_REGISTRATION, DirectOwnerUnassigned.class, DirectOwnerUnassigned::read),
    DEAL_CLOSED(Topics.DEAL_CLOSED, DealClosed.class, DealClosed::read),
    DEAL_AMENDED(Topics.DEAL_CLOSED, DealAmended.class, DealAmended::read),
    DEAL_CHURNED(Topics.DEAL_CLOSED, DealChurned.class, DealChurned::read),
    ACCOUNT_MANAGED(Topics.ACCOUNT_MANAGED, AccountManaged.class, AccountManaged::read),
    ACCOUNT_RELEASED(Topics.ACCOUNT_MANAGED, AccountReleased.class, AccountReleased::read),
    TIME_PASSED(Topics.BUSINESS_TIME, TimePassed.class, TimePassed::read),

    TIER_CHANGED(Topics.TIER_EVENTS, TierChanged.class, null),
    TIER_DECISIONS_WATERMARK(Topics.TIER_EVENTS, TierDecisionsWatermark.class, null),
    TIER_AT_RISK(Topics.TIER_EVENTS, TierAtRisk.class, null),
    TIER_OUTLOOK_RECOVERED(Topics.TIER_EVENTS, TierOutlookRecovered.class, null),
    DOMAIN_REGISTERED(Topics.REGISTRATION_EVENTS, DomainRegistered.class, null),
    DOMAIN_REGISTRATION_REJECTED(Topics.REGISTRATION_EVENTS, DomainRegistrationRejected.class, null),
    DOMAIN_REGISTRATION_REVOKED(Topics.REGISTRATION_EVENTS, DomainRegistrationRevoked.class, null),
    DOMAIN_REGISTRATION_EXTENDED(Topics.REGISTRATION_EVENTS, DomainRegistrationExtended.class, null),
    DOMAIN_REGISTRATION_EXPIRED(Topics.REGISTRATION_EVENTS, DomainRegistrationExpired.class, null),
    DOMAIN_REGISTRATION_RELEASED(Topics.REGISTRATION_EVENTS, dev.prm.contracts.outbound.DomainRegistrationReleased.class, null),
    CHANNEL_CONFLICT_OPENED(Topics.REGISTRATION_EVENTS, ChannelConflictOpened.class, null),
    CHANNEL_CONFLICT_RESOLVED(Topics.REGISTRATION_EVENTS, ChannelConflictResolved.class, null),
    REGISTRATION_CAP_EXCEEDED(Topics.REGISTRATION_EVENTS, RegistrationCapExceeded.class, null),
    REGISTRATION_CAP_DEADLINE_PASSED(Topics.REGISTRATION_EVENTS, RegistrationCapDeadlinePassed.class, null),
    REGISTRATION_CAP_RESTORED(Topics.REGISTRATION_EVENTS, RegistrationCapRestored.class, null),
    COMMISSION_ACCRUED(Topics.COMMISSION_EVENTS, CommissionAccrued.class, null),
    COMMISSION_HOLD_PLACED(Topics.COMMISSION_EVENTS, CommissionHoldPlaced.class, null),
    COMMISSION_HOLD_RELEASED(Topics.COMMISSION_EVENTS, CommissionHoldReleased.class, null);

    /** Schema version of every type's data; a breaking change adds v2 beside it. */
    public static final int SCHEMA_VERSION = 1;

    private static final Map<String, Map<String, EventType>> BY_TOPIC_AND_NAME = Arrays.stream(values())
            .collect(Collectors.groupingBy(EventType::topic,
                    Collectors.toMap(EventType::typeName, Function.identity())));

    private final String topic;
    private final Class<?> dataType;
    private final Function<DataReader, ?> reader;

    EventType(String topic, Class<?> dataType, Function<DataReader, ?> reader) {
        this.topic = topic;
        this.dataType = dataType;
        this.reader = reader;
    }

    /** The CloudEvents {@code type} attribute, e.g. {@code DealClosed}. */
    public String typeName() {
        return dataType.getSimpleName();
    }

    public String topic() {
        return topic;
    }

    public Class<?> dataType() {
        return dataType;
    }

    /** Published by the upstream CRM (read strictly field by field), rather than by a service of this system. */
    public boolean inbound() {
        return reader != null;
    }

    /** The CloudEvents {@code dataschema} attribute that names this type's schema version. */
    public String dataschema() {
        return "urn:prm:schema:" + topic + ":" + typeName() + ":v" + SCHEMA_VERSION;
    }

    /** Classpath resource of the JSON Schema of the whole CloudEvent of this type. */
    public String schemaResource() {
        return "/schemas/v" + SCHEMA_VERSION + "/" + topic + "/" + typeName() + ".json";
    }

    public static Optional<EventType> find(String topic, String typeName) {
        return Optional.ofNullable(BY_TOPIC_AND_NAME.getOrDefault(topic, Map.of()).get(typeName));
    }

    public static List<EventType> onTopic(String topic) {
        return Arrays.stream(values()).filter(t -> t.topic.equals(topic)).toList();
    }

    Object read(DataReader data) {
        if (reader == null) {
            throw new IllegalStateException(typeName() + " is published by this system, not read from upstream");
        }
        return reader.apply(data);
    }
}
