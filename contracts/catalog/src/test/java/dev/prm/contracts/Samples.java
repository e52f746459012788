package dev.prm.contracts;

import java.time.Instant;
import java.util.List;

import dev.prm.contracts.commission.CommissionAccrued;
import dev.prm.contracts.commission.CommissionEvents;
import dev.prm.contracts.commission.CommissionHoldPlaced;
import dev.prm.contracts.commission.CommissionHoldReleased;
import dev.prm.contracts.crm.AccountManaged;
import dev.prm.contracts.crm.AccountReleased;
import dev.prm.contracts.crm.CrmEvents;
import dev.prm.contracts.crm.DealAmended;
import dev.prm.contracts.crm.DealChurned;
import dev.prm.contracts.crm.DealClosed;
import dev.prm.contracts.crm.DirectOwnerAssigned;
import dev.prm.contracts.crm.DirectOwnerUnassigned;
import dev.prm.contracts.crm.DomainRegistrationExtensionRequested;
import dev.prm.contracts.crm.DomainRegistrationReleased;
import dev.prm.contracts.crm.DomainRegistrationRequested;
import dev.prm.contracts.crm.PartnerEnrolled;
import dev.prm.contracts.crm.TimePassed;
import dev.prm.contracts.registration.ChannelConflictOpened;
import dev.prm.contracts.registration.ChannelConflictResolved;
import dev.prm.contracts.registration.DomainRegistered;
import dev.prm.contracts.registration.DomainRegistrationExpired;
import dev.prm.contracts.registration.DomainRegistrationExtended;
import dev.prm.contracts.registration.DomainRegistrationRejected;
import dev.prm.contracts.registration.DomainRegistrationRevoked;
import dev.prm.contracts.registration.RegistrationCapDeadlinePassed;
import dev.prm.contracts.registration.RegistrationCapExceeded;
import dev.prm.contracts.registration.RegistrationCapRestored;
import dev.prm.contracts.registration.RegistrationEvents;
import dev.prm.contracts.tier.Points;
import dev.prm.contracts.tier.TierAtRisk;
import dev.prm.contracts.tier.TierChangeReason;
import dev.prm.contracts.tier.TierChanged;
import dev.prm.contracts.tier.TierDecisionsWatermark;
import dev.prm.contracts.tier.TierEvents;
import dev.prm.contracts.tier.TierOutlookRecovered;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.node.ObjectNode;

/** Realistic events of every type, as the upstream CRM would send them and as the services write them. */
final class Samples {

    /** A valid inbound event as JSON text, and the record the codec must read from it. */
    record Inbound(String name, EventType type, String json, Object expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** An outbound record and the type it is published as. */
    record Outbound(String name, EventType type, Object data) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The effective time of every inbound sample. */
    static final Instant TIME = Instant.parse("2022-03-15T09:30:00Z");

    private static final String MONEY = """
            {"amount": "1234.50", "currency": "JPY"}""";
    private static final String CUSTOMER = """
            {"domain": "acme.co.jp", "country": "JP"}""";

    private Samples() {
    }

    /** A structured-mode CloudEvent with every attribute the contract knows. */
    static String event(EventType type, String data) {
        return """
                {"specversion": "1.0", "id": "crm-%s-0001", "source": "/crm", "type": "%s",
                 "time": "2022-03-15T09:30:00Z", "subject": "P-1", "datacontenttype": "application/json",
                 "dataschema": "%s", "data": %s}""".formatted(type.typeName(), type.typeName(), type.dataschema(), data);
    }

    static List<Inbound> inbound() {
        return List.of(
                new Inbound("PartnerEnrolled", CrmEvents.PARTNER_ENROLLED, event(CrmEvents.PARTNER_ENROLLED, """
                        {"partnerId": "P-1", "name": "Acme Partners KK", "kind": "SOLUTIONS_PARTNER", "country": "JP"}"""),
                        new PartnerEnrolled("P-1", "Acme Partners KK", PartnerKind.SOLUTIONS_PARTNER, "JP", null)),
                new Inbound("PartnerEnrolled with the tier of a migration", CrmEvents.PARTNER_ENROLLED, event(CrmEvents.PARTNER_ENROLLED, """
                        {"partnerId": "P-2", "name": "Bogota Cloud SAS", "kind": "PROVIDER", "country": "CO", "tier": "GOLD"}"""),
                        new PartnerEnrolled("P-2", "Bogota Cloud SAS", PartnerKind.PROVIDER, "CO", Tier.GOLD)),
                new Inbound("PartnerEnrolled with a null tier", CrmEvents.PARTNER_ENROLLED, event(CrmEvents.PARTNER_ENROLLED, """
                        {"partnerId": "P-3", "name": "Cape Web", "kind": "SOLUTIONS_PARTNER", "country": "ZA", "tier": null}"""),
                        new PartnerEnrolled("P-3", "Cape Web", PartnerKind.SOLUTIONS_PARTNER, "ZA", null)),
                new Inbound("DomainRegistrationRequested", CrmEvents.DOMAIN_REGISTRATION_REQUESTED,
                        event(CrmEvents.DOMAIN_REGISTRATION_REQUESTED, """
                                {"partnerId": "P-1", "domain": "https://www.Acme.co.jp/pricing"}"""),
                        new DomainRegistrationRequested("P-1", "https://www.Acme.co.jp/pricing")),
                new Inbound("DomainRegistrationExtensionRequested", CrmEvents.DOMAIN_REGISTRATION_EXTENSION_REQUESTED,
                        event(CrmEvents.DOMAIN_REGISTRATION_EXTENSION_REQUESTED, """
                                {"partnerId": "P-1", "domain": "acme.co.jp"}"""),
                        new DomainRegistrationExtensionRequested("P-1", "acme.co.jp")),
                new Inbound("DomainRegistrationReleased (the request)", CrmEvents.DOMAIN_REGISTRATION_RELEASE_REQUESTED,
                        event(CrmEvents.DOMAIN_REGISTRATION_RELEASE_REQUESTED, """
                                {"partnerId": "P-1", "domain": "acme.co.jp"}"""),
                        new DomainRegistrationReleased("P-1", "acme.co.jp")),
                new Inbound("DirectOwnerAssigned", CrmEvents.DIRECT_OWNER_ASSIGNED, event(CrmEvents.DIRECT_OWNER_ASSIGNED, """
                        {"domain": "acme.co.jp", "ownerId": "DS-7"}"""),
                        new DirectOwnerAssigned("acme.co.jp", "DS-7")),
                new Inbound("DirectOwnerUnassigned", CrmEvents.DIRECT_OWNER_UNASSIGNED, event(CrmEvents.DIRECT_OWNER_UNASSIGNED, """
                        {"domain": "acme.co.jp"}"""),
                        new DirectOwnerUnassigned("acme.co.jp")),
                new Inbound("DealClosed", CrmEvents.DEAL_CLOSED, event(CrmEvents.DEAL_CLOSED, """
                        {"dealId": "D-1", "partnerId": "P-1", "customer": %s, "mrr": %s}""".formatted(CUSTOMER, MONEY)),
                        new DealClosed("D-1", "P-1", new Customer("acme.co.jp", "JP"), new Money("1234.50", "JPY"))),
                new Inbound("DealClosed with a zero integer amount", CrmEvents.DEAL_CLOSED, event(CrmEvents.DEAL_CLOSED, """
                        {"dealId": "D-2", "partnerId": "P-1", "customer": {"domain": "tienda.com.mx", "country": "MX"},
                         "mrr": {"amount": "0", "currency": "USD"}}"""),
                        new DealClosed("D-2", "P-1", new Customer("tienda.com.mx", "MX"), new Money("0", "USD"))),
                new Inbound("DealClosed with an unknown extra field", CrmEvents.DEAL_CLOSED, event(CrmEvents.DEAL_CLOSED, """
                        {"dealId": "D-3", "partnerId": "P-1", "customer": %s, "mrr": %s, "stage": "won"}""".formatted(CUSTOMER, MONEY)),
                        new DealClosed("D-3", "P-1", new Customer("acme.co.jp", "JP"), new Money("1234.50", "JPY"))),
                new Inbound("DealAmended", CrmEvents.DEAL_AMENDED, event(CrmEvents.DEAL_AMENDED, """
                        {"dealId": "D-1", "partnerId": "P-1", "mrr": {"amount": "1500", "currency": "JPY"}}"""),
                        new DealAmended("D-1", "P-1", new Money("1500", "JPY"))),
                new Inbound("DealChurned", CrmEvents.DEAL_CHURNED, event(CrmEvents.DEAL_CHURNED, """
                        {"dealId": "D-1", "partnerId": "P-1"}"""),
                        new DealChurned("D-1", "P-1")),
                new Inbound("AccountManaged", CrmEvents.ACCOUNT_MANAGED, event(CrmEvents.ACCOUNT_MANAGED, """
                        {"accountId": "A-1", "partnerId": "P-1", "customer": {"domain": "shop.example.in", "country": "IN"},
                         "mrr": {"amount": "250.00", "currency": "USD"}}"""),
                        new AccountManaged("A-1", "P-1", new Customer("shop.example.in", "IN"), new Money("250.00", "USD"))),
                new Inbound("AccountReleased", CrmEvents.ACCOUNT_RELEASED, event(CrmEvents.ACCOUNT_RELEASED, """
                        {"accountId": "A-1", "partnerId": "P-1"}"""),
                        new AccountReleased("A-1", "P-1")),
                new Inbound("TimePassed", CrmEvents.TIME_PASSED, event(CrmEvents.TIME_PASSED, "{}"), new TimePassed()),
                new Inbound("TimePassed with only the required attributes", CrmEvents.TIME_PASSED, """
                        {"specversion": "1.0", "id": "clock-20220315T0930", "source": "/clock", "type": "TimePassed",
                         "time": "2022-03-15T09:30:00+00:00", "data": {}}""", new TimePassed()));
    }

    static String valid(EventType type) {
        return inbound().stream().filter(sample -> sample.type() == type).findFirst().orElseThrow().json();
    }

    /** {@code json} with the value at {@code pointer} replaced (or added). */
    static String with(String json, String pointer, Object value) {
        ObjectNode root = (ObjectNode) ContractSchemas.JSON.readTree(json);
        JsonPointer path = JsonPointer.compile(pointer);
        ((ObjectNode) root.at(path.head())).set(path.last().getMatchingProperty(), ContractSchemas.JSON.valueToTree(value));
        return ContractSchemas.JSON.writeValueAsString(root);
    }

    /** {@code json} without the value at {@code pointer}. */
    static String without(String json, String pointer) {
        ObjectNode root = (ObjectNode) ContractSchemas.JSON.readTree(json);
        JsonPointer path = JsonPointer.compile(pointer);
        ((ObjectNode) root.at(path.head())).remove(path.last().getMatchingProperty());
        return ContractSchemas.JSON.writeValueAsString(root);
    }

    static List<Outbound> outbound() {
        Instant monthEnd = Instant.parse("2022-04-01T00:00:00Z");
        Instant deadline = Instant.parse("2022-04-01T00:00:00Z");
        return List.of(
                new Outbound("TierChanged", TierEvents.TIER_CHANGED, new TierChanged("P-1", Tier.GOLD, Tier.PLATINUM,
                        TierChangeReason.PROMOTION, Instant.parse("2022-08-01T00:00:00Z"),
                        new Points("215", "140", "190.5", "405.5", "330.5"), "2022-07-16")),
                new Outbound("TierDecisionsWatermark", TierEvents.TIER_DECISIONS_WATERMARK,
                        new TierDecisionsWatermark(monthEnd, 2, 4)),
                new Outbound("TierAtRisk", TierEvents.TIER_AT_RISK, new TierAtRisk("P-1", Tier.GOLD, Tier.SOLUTIONS_PARTNER,
                        Instant.parse("2022-07-15T00:00:00Z"), "35.5", "20", monthEnd)),
                new Outbound("TierOutlookRecovered", TierEvents.TIER_OUTLOOK_RECOVERED, new TierOutlookRecovered("P-1", Tier.GOLD,
                        Tier.GOLD, Instant.parse("2022-07-15T00:00:00Z"), "0", "0", Instant.parse("2022-05-01T00:00:00Z"))),
                new Outbound("DomainRegistered", RegistrationEvents.DOMAIN_REGISTERED,
                        new DomainRegistered("P-1", "acme.co.jp", TIME, Instant.parse("2022-09-15T09:30:00Z"), false)),
                new Outbound("DomainRegistrationRejected", RegistrationEvents.DOMAIN_REGISTRATION_REJECTED,
                        new DomainRegistrationRejected("P-1", "acme.co.jp", "CAP_REACHED", TIME)),
                new Outbound("DomainRegistrationRevoked", RegistrationEvents.DOMAIN_REGISTRATION_REVOKED,
                        new DomainRegistrationRevoked("P-B", "acme.co.jp", "ALREADY_REGISTERED", Instant.parse("2022-08-17T00:00:00Z"))),
                new Outbound("DomainRegistrationExtended", RegistrationEvents.DOMAIN_REGISTRATION_EXTENDED,
                        new DomainRegistrationExtended("P-1", "acme.co.jp", Instant.parse("2022-12-15T09:30:00Z"))),
                new Outbound("DomainRegistrationExpired", RegistrationEvents.DOMAIN_REGISTRATION_EXPIRED,
                        new DomainRegistrationExpired("P-1", "acme.co.jp", Instant.parse("2022-09-15T09:30:00Z"))),
                new Outbound("DomainRegistrationReleased (the decision)", RegistrationEvents.DOMAIN_REGISTRATION_RELEASED,
                        new dev.prm.contracts.registration.DomainRegistrationReleased("P-1", "acme.co.jp", TIME)),
                new Outbound("ChannelConflictOpened", RegistrationEvents.CHANNEL_CONFLICT_OPENED,
                        new ChannelConflictOpened("C-1", "P-1", "acme.co.jp", "DS-7", TIME)),
                new Outbound("ChannelConflictResolved", RegistrationEvents.CHANNEL_CONFLICT_RESOLVED,
                        new ChannelConflictResolved("C-1", "P-1", "acme.co.jp", "CO_SELL", Instant.parse("2022-03-17T11:00:00Z"))),
                new Outbound("RegistrationCapExceeded", RegistrationEvents.REGISTRATION_CAP_EXCEEDED,
                        new RegistrationCapExceeded("P-1", 15, 18, Instant.parse("2022-02-01T00:00:00Z"), deadline)),
                new Outbound("RegistrationCapDeadlinePassed", RegistrationEvents.REGISTRATION_CAP_DEADLINE_PASSED,
                        new RegistrationCapDeadlinePassed("P-1", 15, 18, deadline)),
                new Outbound("RegistrationCapRestored", RegistrationEvents.REGISTRATION_CAP_RESTORED,
                        new RegistrationCapRestored("P-1", 15, 15, Instant.parse("2022-05-10T08:00:00Z"))),
                new Outbound("CommissionAccrued", CommissionEvents.COMMISSION_ACCRUED, new CommissionAccrued("P-1", "D-1", "2022-03",
                        monthEnd, new Money("246.90", "JPY"), "0.20", "default", "ACCRUAL", "PAYABLE")),
                new Outbound("CommissionAccrued as a negative adjustment", CommissionEvents.COMMISSION_ACCRUED, new CommissionAccrued("P-1",
                        "D-1", "2022-03", monthEnd, new Money("-46.90", "JPY"), "0.20", "default", "ADJUSTMENT", "PAYABLE")),
                new Outbound("CommissionHoldPlaced", CommissionEvents.COMMISSION_HOLD_PLACED,
                        new CommissionHoldPlaced("P-1", "REGISTRATION_CAP_DEADLINE_PASSED", deadline)),
                new Outbound("CommissionHoldReleased", CommissionEvents.COMMISSION_HOLD_RELEASED, new CommissionHoldReleased("P-1",
                        deadline, Instant.parse("2022-05-10T08:00:00Z"),
                        List.of(new Money("493.80", "JPY"), new Money("50.00", "USD")))));
    }
}
