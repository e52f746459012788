package dev.prm.testsupport;

import java.time.Instant;
import java.util.UUID;

/** CloudEvents JSON as the upstream CRM publishes them (SPEC §2), written out so tests read like the contract. */
public final class CrmEvents {

    private CrmEvents() {
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    public static String cloudEvent(String id, String type, Instant time, String dataJson) {
        return """
                {"specversion":"1.0","id":"%s","source":"crm-test","type":"%s","time":"%s",\
                "datacontenttype":"application/json","data":%s}""".formatted(id, type, time, dataJson);
    }

    public static String dealClosed(String id, String partnerId, String dealId, String amount, String currency,
                                    String country, Instant closedAt) {
        return cloudEvent(id, "DealClosed", closedAt, """
                {"dealId":"%s","partnerId":"%s","customer":{"domain":"%s.example.com","country":"%s"},\
                "mrr":{"amount":"%s","currency":"%s"}}""".formatted(dealId, partnerId, dealId, country, amount, currency));
    }

    public static String timePassed(Instant time) {
        return cloudEvent(newId(), "TimePassed", time, "{}");
    }
}
