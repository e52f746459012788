package dev.prm.tier;

import static dev.prm.testsupport.CrmEvents.accountManaged;
import static dev.prm.testsupport.CrmEvents.dealAmended;
import static dev.prm.testsupport.CrmEvents.dealClosed;
import static dev.prm.testsupport.CrmEvents.partnerEnrolled;
import static dev.prm.testsupport.CrmEvents.newId;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.prm.contracts.crm.CrmTopics;
import dev.prm.contracts.registration.RegistrationEvents;
import dev.prm.testsupport.HttpJson;
import tools.jackson.databind.JsonNode;

/**
 * Issue 18 on the real broker and database: a small history published to the inbound topics, then the policy what-if
 * over it (T7, T8, R2), its validation (problem+json), and the calibration's one-step what-if (T10). The what-if
 * replays every partner stored; this test reads the entries of its own partners. The period ends before July 16, 2022:
 * the lifecycle test, which shares the store, adds a table raised from that day to today's rules.
 */
class PolicyWhatIfIntegrationTest extends TierServiceIntegrationTest {

    private static final Instant JAN_10 = Instant.parse("2022-01-10T09:00:00Z");
    private static final String RAISED = """
            {"GOLD":{"totalPoints":250,"minimumSold":150},"PLATINUM":{"totalPoints":500,"minimumSold":250},
             "DIAMOND":{"totalPoints":1200,"minimumSold":600},"ELITE":{"totalPoints":6000,"minimumSold":3500}}""";

    private final String run = newId().substring(0, 8);
    /** 180 points (the seed's partner): GOLD today, short of the raised GOLD. */
    private final String seed = "WA-" + run;
    /** 600 sold points: PLATINUM under both tables. */
    private final String big = "WB-" + run;
    /** The seed's facts with the deal amended to 4000 USD on February 15: 260 from March 1, GOLD under both. */
    private final String amended = "WC-" + run;

    @Test
    void T8_R2_the_what_if_replays_the_stored_history_under_a_raised_table_and_names_who_would_move() {
        for (String partner : List.of(seed, amended)) {
            kafka.send(CrmTopics.DEAL_CLOSED, partner, dealClosed(newId(), partner, "D1", "2400", "USD", "US", JAN_10));
            kafka.send(CrmTopics.ACCOUNT_MANAGED, partner, accountManaged(newId(), partner, "A1", "6000", "USD", "US", JAN_10));
        }
        kafka.send(CrmTopics.DEAL_CLOSED, amended, dealAmended(newId(), amended, "D1", "4000", "USD", Instant.parse("2022-02-15T00:00:00Z")));
        kafka.send(CrmTopics.DEAL_CLOSED, big, dealClosed(newId(), big, "D1", "12000", "USD", "US", JAN_10));
        awaitPoints(seed, Instant.parse("2022-02-01T00:00:00Z"), 1);
        awaitPoints(big, Instant.parse("2022-02-01T00:00:00Z"), 1);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(
                () -> get("/api/partners/" + amended + "/points?asOf=2022-03-01").body().at("/totals/sold12m").decimalValue(),
                sold -> sold.compareTo(new java.math.BigDecimal("200")) == 0);

        HttpJson.Response answer = whatIf("""
                {"from":"2022-01-01","to":"2022-07-31","thresholds":%s}""".formatted(RAISED));

        assertThat(answer.status()).isEqualTo(200);
        JsonNode body = answer.body();
        assertThat(body.get("effectiveFrom").stringValue()).isEqualTo("2022-01-01T00:00:00Z");
        assertThat(body.get("partners").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(body.at("/reevaluations").valueStream().map(checkpoint -> checkpoint.get("at").stringValue()))
                .containsExactly("2022-01-15T00:00:00Z", "2022-07-15T00:00:00Z");
        JsonNode july = body.at("/reevaluations/1");
        assertThat(mine(july.get("moves"))).containsExactly(seed + " GOLD>SOLUTIONS_PARTNER");
        assertThat(mine(body.at("/periodEnd/moves"))).containsExactly(seed + " GOLD>SOLUTIONS_PARTNER");
        assertThat(july.at("/partnersPerTier/GOLD/today").asLong()).isGreaterThan(july.at("/partnersPerTier/GOLD/proposal").asLong());
        // R2 (caps-2022-02-01): GOLD 15, no tier 10; R6: 60 days to comply
        List<String> capDrops = new ArrayList<>();
        july.get("capDrops").forEach(drop -> {
            if (drop.get("partnerId").stringValue().endsWith(run)) {
                capDrops.add("%s %d>%d %s".formatted(drop.get("partnerId").stringValue(), drop.get("capToday").asInt(),
                        drop.get("capProposed").asInt(), drop.get("overCapDeadline").stringValue()));
            }
        });
        assertThat(capDrops).containsExactly(seed + " 15>10 2022-09-13T00:00:00Z");
        assertThat(body.get("notCovered").size()).isPositive();

        // deterministic: the same history and proposal, the same answer (this run's partners: other test classes share the store)
        JsonNode again = whatIf("""
                {"from":"2022-01-01","to":"2022-07-31","thresholds":%s}""".formatted(RAISED)).body();
        for (String checkpoint : List.of("/reevaluations/0", "/reevaluations/1", "/periodEnd")) {
            assertThat(mine(again.at(checkpoint + "/moves"))).isEqualTo(mine(body.at(checkpoint + "/moves")));
        }

        // the seed's example: a table raised from July 16 keeps GOLD on July 15 (and no month end follows in July)
        JsonNode fromJuly = whatIf("""
                {"from":"2022-01-01","to":"2022-07-31","effectiveFrom":"2022-07-16","thresholds":%s}""".formatted(RAISED)).body();
        assertThat(mine(fromJuly.at("/reevaluations/1/moves"))).isEmpty();
        assertThat(mine(fromJuly.at("/periodEnd/moves"))).isEmpty();
    }

    @Test
    void R6_R7_C3_registrations_published_on_registration_events_put_a_partner_over_cap_under_the_proposal_and_hold_it() {
        // the seed's partner: GOLD today from February 1 (cap 15), no tier under the raised table (cap 10)
        String capped = "WD-" + run;
        kafka.send(CrmTopics.DEAL_CLOSED, capped, dealClosed(newId(), capped, "D1", "2400", "USD", "US", JAN_10));
        kafka.send(CrmTopics.ACCOUNT_MANAGED, capped, accountManaged(newId(), capped, "A1", "6000", "USD", "US", JAN_10));
        // 13 registrations from March 1 (valid six months), one released on March 10: 12 active, as registration-service published them
        Instant march1 = Instant.parse("2022-03-01T00:00:00Z");
        for (int i = 0; i < 13; i++) {
            kafka.send(RegistrationEvents.TOPIC, capped, registrationEvent("DomainRegistered", march1, """
                    {"partnerId":"%s","domain":"d%d-%s.example.com","registeredAt":"%s","validUntil":"2022-09-01T00:00:00Z","coSell":false}"""
                    .formatted(capped, i, run, march1)));
        }
        Instant march10 = Instant.parse("2022-03-10T00:00:00Z");
        kafka.send(RegistrationEvents.TOPIC, capped, registrationEvent("DomainRegistrationReleased", march10, """
                {"partnerId":"%s","domain":"d0-%s.example.com","releasedAt":"%s"}""".formatted(capped, run, march10)));
        awaitPoints(capped, Instant.parse("2022-02-01T00:00:00Z"), 1);
        // the account comes on its own topic: GOLD needs its managed points too
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(
                () -> get("/api/partners/" + capped + "/points?asOf=2022-02-01").body().at("/totals/managed").decimalValue(),
                managed -> managed.signum() > 0);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from registration_fact where partner_id = ? and ended_at is not null", Integer.class, capped) == 1);

        JsonNode body = whatIf("""
                {"from":"2022-01-01","to":"2022-07-31","thresholds":%s}""".formatted(RAISED)).body();

        // R6: over no tier's cap of 10 from the registrations on March 1, 60 days to comply; R7/C3: held from the deadline
        String expected = capped + " SOLUTIONS_PARTNER 10/12 since 2022-03-01T00:00:00Z deadline 2022-04-30T00:00:00Z held 2022-04-30T00:00:00Z";
        assertThat(overCap(body.at("/reevaluations/1/overCap/proposal"), capped)).containsExactly(expected);
        assertThat(overCap(body.at("/periodEnd/overCap/proposal"), capped)).containsExactly(expected);
        assertThat(overCap(body.at("/reevaluations/1/overCap/today"), capped)).as("GOLD's 15 today").isEmpty();
        List<String> holds = new ArrayList<>();
        body.at("/holds/proposal").forEach(hold -> {
            if (hold.get("partnerId").stringValue().equals(capped)) {
                holds.add(hold.get("from").stringValue() + " " + hold.get("until"));
            }
        });
        assertThat(holds).as("still held at the period's end").containsExactly("2022-04-30T00:00:00Z null");
        assertThat(body.at("/holds/today").toString()).doesNotContain(capped);
        assertThat(body.get("notCovered").toString()).doesNotContain("live in registration-service");
    }

    @Test
    void P1_a_tier_an_enrolment_sets_within_the_period_counts_from_its_time_on_both_sides() {
        String enrolled = "WE-" + run;
        kafka.send(CrmTopics.PARTNERS, enrolled, partnerEnrolled(newId(), enrolled, "Migrated", "SOLUTIONS_PARTNER", "JP", "GOLD",
                Instant.parse("2022-01-05T00:00:00Z")));
        kafka.send(CrmTopics.DEAL_CLOSED, enrolled, dealClosed(newId(), enrolled, "D1", "1000", "USD", "US", JAN_10));
        awaitPoints(enrolled, Instant.parse("2022-02-01T00:00:00Z"), 1);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from tier_change where partner_id = ? and reason = 'ENROLMENT'", Integer.class, enrolled) == 1);

        // caps proposed lower than GOLD's 500 before the cut: the drop at January 15 names the tier each side holds then
        // (no month end of the partner's yet: T8 keeps the enrolment's tier)
        JsonNode body = whatIf("""
                {"from":"2022-01-01","to":"2022-06-01","thresholds":%s,
                 "caps":{"tiers":{"SOLUTIONS_PARTNER":10,"GOLD":12,"PLATINUM":20,"DIAMOND":60,"ELITE":150},"provider":5}}"""
                .formatted(RAISED)).body();

        List<String> drops = new ArrayList<>();
        body.at("/reevaluations/0/capDrops").forEach(drop -> {
            if (drop.get("partnerId").stringValue().equals(enrolled)) {
                drops.add(drop.get("tierToday").stringValue() + ">" + drop.get("tierProposed").stringValue() + " "
                        + drop.get("capToday").asInt() + ">" + drop.get("capProposed").asInt());
            }
        });
        assertThat(drops).containsExactly("GOLD>GOLD 500>12");
    }

    private List<String> overCap(JsonNode entries, String partner) {
        List<String> lines = new ArrayList<>();
        entries.forEach(entry -> {
            if (entry.get("partnerId").stringValue().equals(partner)) {
                lines.add("%s %s %d/%d since %s deadline %s held %s".formatted(partner, entry.get("tier").stringValue(),
                        entry.get("cap").asInt(), entry.get("active").asInt(), entry.get("since").stringValue(),
                        entry.get("deadline").stringValue(), entry.get("heldFrom").stringValue()));
            }
        });
        return lines;
    }

    /** As registration-service publishes it on registration-events (SPEC §3). */
    private static String registrationEvent(String type, Instant time, String data) {
        return """
                {"specversion":"1.0","id":"%s","source":"/registration-service","type":"%s","time":"%s",\
                "datacontenttype":"application/json","dataschema":"urn:prm:schema:registration-events:%s:v1","data":%s}"""
                .formatted(newId(), type, time, type, data);
    }

    @Test
    void a_bad_proposal_is_refused_400_with_a_clear_reason() {
        String notRising = RAISED.replace("\"GOLD\":{\"totalPoints\":250", "\"GOLD\":{\"totalPoints\":900");
        assertRefused("""
                {"from":"2022-01-01","to":"2022-12-31","thresholds":%s}""".formatted(notRising), "must rise with the tier");
        assertRefused("""
                {"from":"2022-01-01","to":"2022-12-31","thresholds":%s}""".formatted(RAISED.replace("ELITE", "BRONZE")),
                "unknown tier 'BRONZE'");
        assertRefused("""
                {"from":"2022-12-31","to":"2022-01-01","thresholds":%s}""".formatted(RAISED), "period inverted");
        assertRefused("""
                {"from":"2020-01-01","to":"2023-06-01","thresholds":%s}""".formatted(RAISED), "period too long");
        assertRefused("""
                {"from":"2022-01-01","to":"2022-12-31"}""", "thresholds are required");
        assertRefused("""
                {"from":"2022-01-01","to":"2022-12-31","thresholds":%s,"pointsFactors":{"sold":-1,"managed":1,"emergingMarket":2}}"""
                .formatted(RAISED), "cannot be negative");
    }

    @Test
    void T10_the_calibration_offers_its_proposal_as_a_what_if_that_can_be_posted_as_it_is() {
        JsonNode calibration = get("/api/admin/tier-calibration").body();
        JsonNode link = calibration.get("whatIf");
        assertThat(link.get("method").stringValue()).isEqualTo("POST");
        assertThat(link.get("href").stringValue()).isEqualTo("/api/admin/what-if");
        assertThat(link.at("/body/thresholds/GOLD/totalPoints").decimalValue())
                .isEqualByComparingTo(calibration.at("/proposal/thresholds/GOLD/totalPoints").decimalValue());

        HttpJson.Response answer = whatIf(link.get("body").toString());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("to").stringValue()).isEqualTo(link.at("/body/to").stringValue());
    }

    @Test
    void the_what_if_is_in_the_openapi_document_with_examples() {
        JsonNode whatIf = get("/v3/api-docs").body().at("/paths/~1api~1admin~1what-if/post");
        assertThat(whatIf.at("/requestBody/content").toString()).contains("raise GOLD and above over 2022");
        assertThat(whatIf.at("/responses/200/content").toString()).contains("one GOLD partner would drop", "capDrops", "overCap",
                "heldFrom", "holds");
    }

    private void assertRefused(String body, String reason) {
        HttpJson.Response response = whatIf(body);
        assertThat(response.status()).as(body).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().get("detail").stringValue()).as(body).contains(reason);
    }

    /** This run's partners' moves, as "id FROM>TO". */
    private List<String> mine(JsonNode moves) {
        List<String> lines = new ArrayList<>();
        moves.forEach(move -> {
            if (move.get("partnerId").stringValue().endsWith(run)) {
                lines.add(move.get("partnerId").stringValue() + " " + move.get("from").stringValue() + ">" + move.get("to").stringValue());
            }
        });
        return lines;
    }

    private HttpJson.Response whatIf(String body) {
        return HttpJson.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/admin/what-if"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }
}
