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

    public static String partnerEnrolled(String id, String partnerId, String name, String kind, String country, String tier,
                                         Instant time) {
        return cloudEvent(id, "PartnerEnrolled", time, """
                {"partnerId":"%s","name":"%s","kind":"%s","country":"%s"%s}""".formatted(partnerId, name, kind, country,
                tier == null ? "" : ",\"tier\":\"" + tier + "\""));
    }

    public static String dealAmended(String id, String partnerId, String dealId, String amount, String currency, Instant time) {
        return cloudEvent(id, "DealAmended", time, """
                {"dealId":"%s","partnerId":"%s","mrr":{"amount":"%s","currency":"%s"}}""".formatted(dealId, partnerId, amount, currency));
    }

    public static String dealChurned(String id, String partnerId, String dealId, Instant time) {
        return cloudEvent(id, "DealChurned", time, """
                {"dealId":"%s","partnerId":"%s"}""".formatted(dealId, partnerId));
    }

    public static String accountManaged(String id, String partnerId, String accountId, String amount, String currency,
                                        String country, Instant time) {
        return cloudEvent(id, "AccountManaged", time, """
                {"accountId":"%s","partnerId":"%s","customer":{"domain":"%s.example.com","country":"%s"},\
                "mrr":{"amount":"%s","currency":"%s"}}""".formatted(accountId, partnerId, accountId, country, amount, currency));
    }

    public static String accountReleased(String id, String partnerId, String accountId, Instant time) {
        return cloudEvent(id, "AccountReleased", time, """
                {"accountId":"%s","partnerId":"%s"}""".formatted(accountId, partnerId));
    }

    public static String timePassed(Instant time) {
        return cloudEvent(newId(), "TimePassed", time, "{}");
    }
}
