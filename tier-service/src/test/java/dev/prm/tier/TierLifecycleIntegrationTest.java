package dev.prm.tier;

import static dev.prm.testsupport.CrmEvents.accountManaged;
import static dev.prm.testsupport.CrmEvents.dealClosed;
import static dev.prm.testsupport.CrmEvents.newId;
import static dev.prm.testsupport.CrmEvents.partnerEnrolled;
import static dev.prm.testsupport.CrmEvents.timePassed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.prm.contracts.CloudEventCodec;
import dev.prm.contracts.crm.CrmTopics;
import dev.prm.contracts.tier.TierAtRisk;
import dev.prm.contracts.tier.TierChanged;
import dev.prm.contracts.tier.TierDecisionsWatermark;
import dev.prm.contracts.tier.TierEvents;
import dev.prm.contracts.tier.TierOutlookRecovered;
import dev.prm.testsupport.HttpJson;
import dev.prm.testsupport.TestInfrastructure;
import tools.jackson.databind.JsonNode;

/**
 * Tiers over a year and a half of business time, driven by TimePassed ticks: monthly promotion (T7), the
 * seed's re-evaluation example with a raised table (T8), a migrated tier (P1), publication on tier-events
 * (T9), the REST read side with asOf (B2), order independence of the inputs, and projection rebuilds.
 * Business time only moves forward, so the whole story is one test.
 */
class TierLifecycleIntegrationTest extends TierServiceIntegrationTest {

    private static final Instant JAN_1 = Instant.parse("2022-01-01T00:00:00Z");
    private static final Instant JAN_10 = Instant.parse("2022-01-10T09:00:00Z");

    @Autowired
    EventProcessingConfiguration processing;

    private final String run = newId().substring(0, 8);
    private final String gold = "G-" + run;
    private final String sameFactsOtherOrder = "G2-" + run;
    private final String migrated = "M-" + run;
    private final String recovering = "R-" + run;

    @Test
    void T7_T8_T9_B2_tiers_follow_business_time_through_promotion_and_semiannual_re_evaluation() {
        tick(JAN_1);
        // G: enrolled, 2400 USD sold (120 points) and 6000 USD managed (60): 180 ≥ GOLD 170 / 105
        kafka.send(CrmTopics.PARTNERS, gold, partnerEnrolled(newId(), gold, "Gold Co", "SOLUTIONS_PARTNER", "JP", null, JAN_1));
        kafka.send(CrmTopics.DEAL_CLOSED, gold, dealClosed(newId(), gold, "D1", "2400", "USD", "US", JAN_10));
        kafka.send(CrmTopics.ACCOUNT_MANAGED, gold, accountManaged(newId(), gold, "A1", "6000", "USD", "US", JAN_10));
        // G2: the same facts, the enrolment last (P1: a stub until then)
        kafka.send(CrmTopics.ACCOUNT_MANAGED, sameFactsOtherOrder, accountManaged(newId(), sameFactsOtherOrder, "A1", "6000", "USD", "US", JAN_10));
        kafka.send(CrmTopics.DEAL_CLOSED, sameFactsOtherOrder, dealClosed(newId(), sameFactsOtherOrder, "D1", "2400", "USD", "US", JAN_10));
        kafka.send(CrmTopics.PARTNERS, sameFactsOtherOrder, partnerEnrolled(newId(), sameFactsOtherOrder, "Gold Two", "SOLUTIONS_PARTNER", "JP", null, JAN_1));
        // R: as G, and a deal dated August 20 that arrives early: ignored at August 1 (B3), counted at September 1
        kafka.send(CrmTopics.DEAL_CLOSED, recovering, dealClosed(newId(), recovering, "D1", "2400", "USD", "US", JAN_10));
        kafka.send(CrmTopics.ACCOUNT_MANAGED, recovering, accountManaged(newId(), recovering, "A1", "6000", "USD", "US", JAN_10));
        kafka.send(CrmTopics.DEAL_CLOSED, recovering, dealClosed(newId(), recovering, "D2", "2000", "USD", "US",
                Instant.parse("2022-08-20T10:00:00Z")));
        // M: migrated as PLATINUM, with no points
        kafka.send(CrmTopics.PARTNERS, migrated, partnerEnrolled(newId(), migrated, "Migrated", "PROVIDER", "DE", "PLATINUM",
                Instant.parse("2022-01-05T00:00:00Z")));
        for (String partner : List.of(gold, sameFactsOtherOrder)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/partners/" + partner + "/tier?asOf=2022-01-31"),
                    r -> r.status() == 200 && r.body().at("/points/total12m").decimalValue().compareTo(new java.math.BigDecimal("180")) == 0);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/partners/" + migrated + "/tier/history").status() == 200);

        for (int month = 2; month <= 6; month++) {
            tick(Instant.parse("2022-%02d-01T00:00:00Z".formatted(month)));
        }
        awaitBusinessTime(Instant.parse("2022-06-01T00:00:00Z"));

        // T6: the program raises its thresholds from July 16, 2022 (the seed's example)
        assertThat(postThresholds("2022-05-01T00:00:00Z", 250, 150).status()).as("not in the past").isEqualTo(409);
        HttpJson.Response raised = postThresholds("2022-07-16T00:00:00Z", 250, 150);
        assertThat(raised.status()).isEqualTo(201);
        assertThat(raised.body().get("version").stringValue()).isEqualTo("thresholds-2022-07-16");
        assertThat(get("/api/admin/tier-thresholds").body().size()).isEqualTo(2);

        for (String instant : List.of("2022-07-01", "2022-07-15", "2022-08-01", "2022-09-01", "2022-10-01", "2022-11-01",
                "2022-12-01", "2023-01-01", "2023-01-15")) {
            tick(Instant.parse(instant + "T00:00:00Z"));
        }
        List<String> goldHistory = awaitHistory(gold, 2);

        assertThat(goldHistory).containsExactly(
                "SOLUTIONS_PARTNER>GOLD PROMOTION 2022-02-01T00:00:00Z total12m=180.00 thresholds-2022",
                "GOLD>SOLUTIONS_PARTNER REEVALUATION 2023-01-15T00:00:00Z total12m=180.00 thresholds-2022-07-16");
        assertThat(awaitHistory(sameFactsOtherOrder, 2)).as("same inputs and ticks, same decisions").isEqualTo(goldHistory);
        assertThat(awaitHistory(migrated, 2)).containsExactly(
                "SOLUTIONS_PARTNER>PLATINUM ENROLMENT 2022-01-05T00:00:00Z total12m=0.00 thresholds-2022",
                "PLATINUM>SOLUTIONS_PARTNER REEVALUATION 2022-07-15T00:00:00Z total12m=0.00 thresholds-2022");

        JsonNode march = get("/api/partners/" + gold + "/tier?asOf=2022-03-01").body();
        assertThat(march.get("tier").stringValue()).isEqualTo("GOLD");
        assertThat(march.get("qualifiedTier").stringValue()).isEqualTo("GOLD");
        assertThat(march.get("thresholdsVersion").stringValue()).isEqualTo("thresholds-2022");
        assertThat(march.at("/nextTier/tier").stringValue()).isEqualTo("PLATINUM");
        assertThat(march.at("/nextTier/missingPoints").decimalValue()).isEqualByComparingTo("210");
        assertThat(march.at("/nextTier/missingSoldPoints").decimalValue()).isEqualByComparingTo("70");
        JsonNode december = get("/api/partners/" + gold + "/tier?asOf=2022-12-01").body();
        assertThat(december.get("tier").stringValue()).as("kept until January 15").isEqualTo("GOLD");
        assertThat(december.get("qualifiedTier").stringValue()).isEqualTo("SOLUTIONS_PARTNER");
        assertThat(december.get("thresholdsVersion").stringValue()).isEqualTo("thresholds-2022-07-16");
        assertThat(december.at("/nextTier/missingPoints").decimalValue()).isEqualByComparingTo("320");

        JsonNode points = get("/api/partners/" + gold + "/points?asOf=2022-12-01").body();
        assertThat(points.at("/accounts/0/points").decimalValue()).isEqualByComparingTo("60");
        assertThat(points.at("/totals/managed").decimalValue()).isEqualByComparingTo("60");
        assertThat(points.at("/leavingWindow/1/byMonthEnd").stringValue()).isEqualTo("2023-02-01T00:00:00Z");
        assertThat(points.at("/leavingWindow/1/points").decimalValue()).as("the deal of January 10 leaves").isEqualByComparingTo("120");

        // T9: each change is published once on tier-events as a versioned CloudEvent
        CloudEventCodec codec = new CloudEventCodec();
        List<TierChanged> published = new ArrayList<>();
        kafka.readUntil(TierEvents.TOPIC, record -> {
            if (gold.equals(record.key()) && codec.readInbound(TierEvents.TOPIC, record.value()).data() instanceof TierChanged change) {
                published.add(change);
            }
            return published.size() == 2;
        }, Duration.ofSeconds(30));
        assertThat(published).extracting(change -> change.reason() + " " + change.to() + " " + change.points().total12m())
                .containsExactly("PROMOTION GOLD 180.00", "REEVALUATION SOLUTIONS_PARTNER 180.00");

        // B3: after each step a watermark goes to every partition of tier-events, behind the decisions the step made
        Instant reevaluation = Instant.parse("2023-01-15T00:00:00Z");
        java.util.Map<Integer, Long> watermarkOffsets = new java.util.HashMap<>();
        long[] reevaluationAt = {-1, -1}; // partition, offset
        kafka.readUntil(TierEvents.TOPIC, record -> {
            Object data = codec.readInbound(TierEvents.TOPIC, record.value()).data();
            if (data instanceof TierChanged change && change.partnerId().equals(gold) && change.effectiveAt().equals(reevaluation)) {
                reevaluationAt[0] = record.partition();
                reevaluationAt[1] = record.offset();
            }
            if (data instanceof TierDecisionsWatermark watermark && !watermark.businessTime().isBefore(reevaluation)) {
                watermarkOffsets.putIfAbsent(watermark.partition(), record.offset());
            }
            return reevaluationAt[1] >= 0 && watermarkOffsets.size() == TestInfrastructure.PARTITIONS;
        }, Duration.ofSeconds(30));
        assertThat(watermarkOffsets.get((int) reevaluationAt[0])).as("the watermark of the step follows its decision")
                .isGreaterThan(reevaluationAt[1]);

        // issue 18: outlooks taken with no later fact came true; TierAtRisk and TierOutlookRecovered on tier-events
        JsonNode july = get("/api/partners/" + gold + "/tier/outlook?asOf=2022-07-20").body();
        assertThat(july.get("tier").stringValue()).isEqualTo("GOLD");
        assertThat(july.get("atRisk").booleanValue()).isTrue();
        assertThat(july.at("/nextMonthEnd/at").stringValue()).isEqualTo("2022-08-01T00:00:00Z");
        assertThat(july.at("/nextMonthEnd/qualifiedTier").stringValue()).isEqualTo("SOLUTIONS_PARTNER");
        assertThat(july.at("/nextMonthEnd/thresholdsVersion").stringValue()).isEqualTo("thresholds-2022-07-16");
        assertThat(july.at("/nextReevaluation/at").stringValue()).isEqualTo("2023-01-15T00:00:00Z");
        assertThat(july.at("/nextReevaluation/tier").stringValue()).as("what January 15 gave").isEqualTo("SOLUTIONS_PARTNER");
        assertThat(july.at("/nextReevaluation/missingPoints").decimalValue()).isEqualByComparingTo("70");
        assertThat(july.at("/nextReevaluation/missingSoldPoints").decimalValue()).isEqualByComparingTo("30");
        assertThat(july.at("/nextReevaluation/tiers/0/tier").stringValue()).isEqualTo("GOLD");
        assertThat(july.at("/nextReevaluation/tiers/0/by").stringValue()).isEqualTo("2022-08-01T00:00:00Z");
        JsonNode june = get("/api/partners/" + gold + "/tier/outlook?asOf=2022-06-20").body();
        assertThat(june.get("atRisk").booleanValue()).isFalse();
        assertThat(june.at("/nextReevaluation/tier").stringValue()).as("what July 15 gave").isEqualTo("GOLD");
        assertThat(get("/api/partners/" + recovering + "/tier/outlook?asOf=2022-08-10").body().get("atRisk").booleanValue())
                .as("the deal dated August 20 is not known yet on August 10").isTrue();
        assertThat(get("/api/partners/" + recovering + "/tier/outlook?asOf=2022-08-25").body().at("/nextReevaluation/tier")
                .stringValue()).isEqualTo("GOLD");
        assertThat(awaitHistory(recovering, 1)).containsExactly(
                "SOLUTIONS_PARTNER>GOLD PROMOTION 2022-02-01T00:00:00Z total12m=180.00 thresholds-2022");
        assertThat(get("/api/partners/nobody-" + run + "/tier/outlook").status()).isEqualTo(404);

        List<String> outlookEvents = new ArrayList<>();
        kafka.readUntil(TierEvents.TOPIC, record -> {
            Object data = codec.readInbound(TierEvents.TOPIC, record.value()).data();
            if (data instanceof TierAtRisk risk && risk.partnerId().endsWith(run)) {
                outlookEvents.add("TierAtRisk %s %s>%s %s missing %s/%s at %s".formatted(label(risk.partnerId()), risk.tier(),
                        risk.outlookTier(), risk.reEvaluationAt(), risk.pointsMissing(), risk.soldPointsMissing(), risk.effectiveAt()));
            } else if (data instanceof TierOutlookRecovered recovered && recovered.partnerId().endsWith(run)) {
                outlookEvents.add("TierOutlookRecovered %s %s>%s %s missing %s/%s at %s".formatted(label(recovered.partnerId()),
                        recovered.tier(), recovered.outlookTier(), recovered.reEvaluationAt(), recovered.pointsMissing(),
                        recovered.soldPointsMissing(), recovered.effectiveAt()));
            }
            return outlookEvents.size() == 5;
        }, Duration.ofSeconds(30));
        assertThat(outlookEvents).containsExactlyInAnyOrder(
                // migrated PLATINUM with no points: at risk from the first month end on, demoted on July 15
                "TierAtRisk M PLATINUM>SOLUTIONS_PARTNER 2022-07-15T00:00:00Z missing 390.00/190.00 at 2022-02-01T00:00:00Z",
                // the seed's partners under the raised table, once each per re-evaluation
                "TierAtRisk G GOLD>SOLUTIONS_PARTNER 2023-01-15T00:00:00Z missing 70.00/30.00 at 2022-08-01T00:00:00Z",
                "TierAtRisk G2 GOLD>SOLUTIONS_PARTNER 2023-01-15T00:00:00Z missing 70.00/30.00 at 2022-08-01T00:00:00Z",
                "TierAtRisk R GOLD>SOLUTIONS_PARTNER 2023-01-15T00:00:00Z missing 70.00/30.00 at 2022-08-01T00:00:00Z",
                "TierOutlookRecovered R GOLD>GOLD 2023-01-15T00:00:00Z missing 0.00/0.00 at 2022-09-01T00:00:00Z");

        // T10: the calibration reads the real distribution
        JsonNode calibration = get("/api/admin/tier-calibration").body();
        assertThat(calibration.get("partners").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(calibration.at("/proposal/effectiveFrom").stringValue()).isEqualTo("2023-07-16T00:00:00Z");
        assertThat(calibration.at("/proposal/thresholds/ELITE/totalPoints").decimalValue())
                .isGreaterThan(calibration.at("/proposal/thresholds/DIAMOND/totalPoints").decimalValue());

        // rebuilding the projections from the event store gives the same answers
        String pointsBefore = get("/api/partners/" + gold + "/points?asOf=2022-12-01").body().toString();
        rebuild("points");
        rebuild("tiers");
        assertThat(awaitHistory(gold, 2)).isEqualTo(goldHistory);
        await().atMost(Duration.ofSeconds(30)).until(
                () -> pointsBefore.equals(String.valueOf(get("/api/partners/" + gold + "/points?asOf=2022-12-01").body())));
    }

    /** G, G2, M, R: the partner's role in this story. */
    private static String label(String partnerId) {
        return partnerId.substring(0, partnerId.indexOf('-'));
    }

    private void tick(Instant time) {
        kafka.send(CrmTopics.BUSINESS_TIME, "clock", timePassed(time));
    }

    private void awaitBusinessTime(Instant expected) {
        await().atMost(Duration.ofSeconds(60)).until(
                () -> get("/api/partners/" + gold + "/tier").body().get("asOf").stringValue(), expected.toString()::equals);
    }

    private List<String> awaitHistory(String partner, int changes) {
        JsonNode history = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> get("/api/partners/" + partner + "/tier/history"),
                        r -> r.status() == 200 && r.body().size() >= changes).body();
        List<String> lines = new ArrayList<>();
        for (JsonNode change : history) {
            lines.add("%s>%s %s %s total12m=%s %s".formatted(change.get("from").stringValue(), change.get("to").stringValue(),
                    change.get("reason").stringValue(), change.get("effectiveAt").stringValue(),
                    change.at("/points/total12m").decimalValue().setScale(2), change.get("thresholdsVersion").stringValue()));
        }
        return lines;
    }

    private HttpJson.Response postThresholds(String effectiveFrom, int goldTotal, int goldSold) {
        String body = """
                {"effectiveFrom":"%s","thresholds":{
                  "GOLD":{"totalPoints":%d,"minimumSold":%d},"PLATINUM":{"totalPoints":500,"minimumSold":250},
                  "DIAMOND":{"totalPoints":1200,"minimumSold":600},"ELITE":{"totalPoints":6000,"minimumSold":3500}}}"""
                .formatted(effectiveFrom, goldTotal, goldSold);
        return HttpJson.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/admin/tier-thresholds"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    private void rebuild(String processorName) {
        StreamingEventProcessor processor = processing.eventProcessor(processorName, StreamingEventProcessor.class).orElseThrow();
        processor.shutDown();
        processor.resetTokens();
        processor.start();
    }
}
