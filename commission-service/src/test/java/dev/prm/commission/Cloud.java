package dev.prm.commission;

import static dev.prm.testsupport.CrmEvents.cloudEvent;
import static dev.prm.testsupport.CrmEvents.newId;

import java.time.Instant;

/** The inbound CloudEvents commission-service reads, as JSON, so tests read like the contract (SPEC §2, §3). */
final class Cloud {

    private Cloud() {
    }

    static String enrolled(String partnerId, String kind, Instant at) {
        return cloudEvent(newId(), "PartnerEnrolled", at, """
                {"partnerId":"%s","name":"Partner %s","kind":"%s","country":"JP"}""".formatted(partnerId, partnerId, kind));
    }

    static String dealClosed(String id, String partnerId, String dealId, String amount, String currency, Instant at) {
        return cloudEvent(id, "DealClosed", at, """
                {"dealId":"%s","partnerId":"%s","customer":{"domain":"%s.example.com","country":"JP"},\
                "mrr":{"amount":"%s","currency":"%s"}}""".formatted(dealId, partnerId, dealId, amount, currency));
    }

    static String dealClosed(String partnerId, String dealId, String amount, String currency, Instant at) {
        return dealClosed(newId(), partnerId, dealId, amount, currency, at);
    }

    static String dealAmended(String partnerId, String dealId, String amount, String currency, Instant at) {
        return cloudEvent(newId(), "DealAmended", at, """
                {"dealId":"%s","partnerId":"%s","mrr":{"amount":"%s","currency":"%s"}}""".formatted(dealId, partnerId, amount, currency));
    }

    static String dealChurned(String partnerId, String dealId, Instant at) {
        return cloudEvent(newId(), "DealChurned", at, """
                {"dealId":"%s","partnerId":"%s"}""".formatted(dealId, partnerId));
    }

    static String capExceeded(String partnerId, Instant since, Instant deadline) {
        return published("RegistrationCapExceeded", since, """
                {"partnerId":"%s","cap":10,"active":12,"since":"%s","deadline":"%s"}""".formatted(partnerId, since, deadline));
    }

    static String capDeadlinePassed(String partnerId, Instant deadline) {
        return published("RegistrationCapDeadlinePassed", deadline, """
                {"partnerId":"%s","cap":10,"active":12,"deadline":"%s"}""".formatted(partnerId, deadline));
    }

    static String capRestored(String partnerId, Instant restoredAt) {
        return published("RegistrationCapRestored", restoredAt, """
                {"partnerId":"%s","cap":10,"active":10,"restoredAt":"%s"}""".formatted(partnerId, restoredAt));
    }

    /** As registration-service publishes them: its source and the type's dataschema. */
    private static String published(String type, Instant time, String data) {
        return """
                {"specversion":"1.0","id":"%s","source":"/registration-service","type":"%s","time":"%s",\
                "datacontenttype":"application/json","dataschema":"urn:prm:schema:registration-events:%s:v1","data":%s}"""
                .formatted(newId(), type, time, type, data);
    }
}
