package dev.prm.tier;

import static dev.prm.testsupport.CrmEvents.accountManaged;
import static dev.prm.testsupport.CrmEvents.dealAmended;
import static dev.prm.testsupport.CrmEvents.dealClosed;
import static dev.prm.testsupport.CrmEvents.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.axonframework.modelling.command.CommandTargetResolver;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.prm.contracts.Topics;
import dev.prm.contracts.crm.CrmTopics;
import dev.prm.platform.aggregate.CachedCommandTargetResolver;
import dev.prm.platform.ingest.DeadLetterPublisher;
import dev.prm.testsupport.HttpJson;
import dev.prm.testsupport.KafkaTestClient;
import dev.prm.testsupport.RequestQueryCounter;
import tools.jackson.databind.JsonNode;

/** The foundation flow on a real broker and a real PostgreSQL: DealClosed → event store → projection → REST. */
class DealClosedFlowIntegrationTest extends TierServiceIntegrationTest {

    @Autowired
    org.axonframework.config.Configuration axon;

    private static final Instant MARCH_10 = Instant.parse("2022-03-10T09:00:00Z");
    private static final Instant APRIL_1 = Instant.parse("2022-04-01T00:00:00Z");

    @Test
    void T3_a_closed_deal_shows_with_its_points_through_the_rest_projection() {
        String partner = "p-" + newId();
        // 12000 JPY is US$100 under the 2022 table: 1 unit × 5 = 5 points; IN is an emerging market: × 2
        kafka.send(CrmTopics.DEAL_CLOSED, partner, dealClosed(newId(), partner, "d-jp", "12000", "JPY", "JP", MARCH_10));
        kafka.send(CrmTopics.DEAL_CLOSED, partner, dealClosed(newId(), partner, "d-in", "250.00", "USD", "IN", MARCH_10.plusSeconds(60)));

        JsonNode points = awaitPoints(partner, APRIL_1, 2);

        assertThat(points.at("/deals/0/dealId").stringValue()).isEqualTo("d-jp");
        assertThat(points.at("/deals/0/points").decimalValue()).isEqualByComparingTo("5.00");
        assertThat(points.at("/deals/0/emFactor").decimalValue()).isEqualByComparingTo("1");
        assertThat(points.at("/deals/1/points").decimalValue()).isEqualByComparingTo("25.00");
        assertThat(points.at("/deals/1/emFactor").decimalValue()).isEqualByComparingTo("2");
        assertThat(points.at("/totals/sold12m").decimalValue()).isEqualByComparingTo("30.00");
        assertThat(points.at("/totals/total12m").decimalValue()).isEqualByComparingTo("30.00");
    }

    /** Issue 16: a partner's route reads its answer in one or two indexed queries, however many facts it has. */
    @Test
    void S5_partner_routes_answer_in_one_or_two_queries() {
        String partner = "p-" + newId();
        kafka.send(CrmTopics.DEAL_CLOSED, partner, dealClosed(newId(), partner, "d1", "100", "USD", "US", MARCH_10));
        kafka.send(CrmTopics.DEAL_CLOSED, partner, dealClosed(newId(), partner, "d2", "200", "USD", "IN", MARCH_10.plusSeconds(60)));
        kafka.send(CrmTopics.DEAL_CLOSED, partner, dealAmended(newId(), partner, "d1", "300", "USD", MARCH_10.plusSeconds(120)));
        kafka.send(CrmTopics.ACCOUNT_MANAGED, partner, accountManaged(newId(), partner, "a1", "100", "USD", "US", MARCH_10));
        await().atMost(Duration.ofSeconds(30)).until(() -> get(partner, "2022-03-20T00:00:00Z").body(),
                points -> points != null && points.at("/deals").size() == 2 && points.at("/accounts").size() == 1
                        && points.at("/deals/0/mrr/amount").asString().startsWith("300"));

        for (String route : List.of("/tier", "/tier?asOf=2022-03-20T00:00:00Z", "/tier/history",
                "/tier/outlook?asOf=2022-03-20T00:00:00Z", "/points", "/points?asOf=2022-03-20T00:00:00Z")) {
            RequestQueryCounter.Counted<Integer> answer = RequestQueryCounter.count(() -> get("/api/partners/" + partner + route).status());
            assertThat(answer.answer()).as(route).isEqualTo(200);
            assertThat(answer.statements()).as(route).isBetween(1, 2);
        }
        assertThat(RequestQueryCounter.count(() -> get("/api/partners/nobody-" + newId() + "/tier")).statements()).isOne();
    }

    @Test
    void T5_asOf_before_the_close_or_after_twelve_months_leaves_the_deal_out() {
        String partner = "p-" + newId();
        kafka.send(CrmTopics.DEAL_CLOSED, partner, dealClosed(newId(), partner, "d1", "100", "USD", "US", MARCH_10));
        awaitPoints(partner, APRIL_1, 1);

        assertThat(get(partner, "2022-03-10T08:59:59Z").body().at("/deals").size()).isZero();
        assertThat(get(partner, "2023-03-10T08:59:59Z").body().at("/totals/sold12m").decimalValue()).isEqualByComparingTo("5");
        assertThat(get(partner, "2023-03-10T09:00:00Z").body().at("/deals").size()).isZero();
    }

    @Test
    void section4_a_repeated_event_id_counts_once() {
        String partner = "p-" + newId();
        String id = newId();
        kafka.send(CrmTopics.DEAL_CLOSED, partner, dealClosed(id, partner, "d1", "100", "USD", "US", MARCH_10));
        kafka.send(CrmTopics.DEAL_CLOSED, partner, dealClosed(id, partner, "d2", "900", "USD", "US", MARCH_10));
        // a later event proves the duplicate was consumed before it
        kafka.send(CrmTopics.DEAL_CLOSED, partner, dealClosed(newId(), partner, "d3", "200", "USD", "US", MARCH_10.plusSeconds(1)));

        JsonNode points = awaitPoints(partner, APRIL_1, 2);

        assertThat(points.at("/totals/sold12m").decimalValue()).isEqualByComparingTo("15.00");
        assertThat(jdbc.queryForObject("select count(*) from processed_event where event_id = ?", Long.class, id)).isOne();
    }

    @Test
    void section4_a_malformed_message_is_dead_lettered_with_its_reason_and_the_next_one_is_processed() {
        String partner = "p-" + newId();
        String negative = dealClosed(newId(), partner, "bad", "-5", "USD", "US", MARCH_10);
        kafka.send(CrmTopics.DEAL_CLOSED, partner, "{ this is not json");
        kafka.send(CrmTopics.DEAL_CLOSED, partner, negative);
        kafka.send(CrmTopics.DEAL_CLOSED, partner, dealClosed(newId(), partner, "unknown-ccy", "5", "KRW", "KR", MARCH_10));
        kafka.send(CrmTopics.DEAL_CLOSED, partner, dealClosed(newId(), partner, "good", "100", "USD", "US", MARCH_10));

        JsonNode points = awaitPoints(partner, APRIL_1, 1);
        assertThat(points.at("/deals/0/dealId").stringValue()).isEqualTo("good");

        var deadLetters = kafka.readUntil(Topics.deadLetter(CrmTopics.DEAL_CLOSED),
                record -> partner.equals(record.key()) && "UNKNOWN_CURRENCY".equals(KafkaTestClient.header(record, DeadLetterPublisher.REASON)),
                Duration.ofSeconds(30)).stream().filter(record -> partner.equals(record.key())).toList();
        assertThat(deadLetters).extracting(record -> KafkaTestClient.header(record, DeadLetterPublisher.REASON))
                .containsExactly("NOT_JSON", "INVALID_FIELD", "UNKNOWN_CURRENCY");
        assertThat(KafkaTestClient.header(deadLetters.get(1), DeadLetterPublisher.DETAIL)).contains("data.mrr.amount");
        assertThat(new String(deadLetters.get(1).value())).isEqualTo(negative);
        assertThat(KafkaTestClient.header(deadLetters.get(1), DeadLetterPublisher.ORIGINAL_TOPIC)).isEqualTo(CrmTopics.DEAL_CLOSED);
    }

    @Test
    void S4_deal_closed_keeps_being_taken_in_behind_a_1MB_poison() {
        String partner = "p-" + newId();
        // ~1 MB, refused by the contract's field limit: the dead letter keeps the original bytes and must still fit the broker
        String poison = dealClosed(newId(), partner, "huge", "1".repeat(999_000) + "x", "USD", "US", MARCH_10);
        kafka.send(CrmTopics.DEAL_CLOSED, partner, poison);
        kafka.send(CrmTopics.DEAL_CLOSED, partner, dealClosed(newId(), partner, "behind", "100", "USD", "US", MARCH_10));

        JsonNode points = awaitPoints(partner, APRIL_1, 1);
        assertThat(points.at("/deals/0/dealId").stringValue()).isEqualTo("behind");

        var deadLetter = kafka.readUntil(Topics.deadLetter(CrmTopics.DEAL_CLOSED), record -> partner.equals(record.key()),
                Duration.ofSeconds(30)).getLast();
        assertThat(new String(deadLetter.value())).isEqualTo(poison);
        assertThat(deadLetter.headers().lastHeader(DeadLetterPublisher.DETAIL).value().length)
                .isLessThanOrEqualTo(DeadLetterPublisher.MAX_HEADER_BYTES);
        assertThat(KafkaTestClient.header(deadLetter, DeadLetterPublisher.DETAIL)).isEqualTo("data.mrr.amount: must be at most 256 characters long");
    }

    @Test
    void an_unknown_partner_answers_404_problem_json_and_a_bad_asOf_400() {
        HttpJson.Response unknown = get("nobody-" + newId(), null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(unknown.body().get("detail").stringValue()).contains("is not known");

        HttpJson.Response bad = get("nobody", "yesterday");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("detail").stringValue()).contains("asOf");
        assertThat(bad.body().toString()).doesNotContain("Exception");
    }

    @Test
    void no_event_is_skipped_between_the_event_store_and_the_projection_when_many_arrive_at_once() {
        String prefix = "burst-" + newId() + "-";
        int partners = 40;
        int dealsEach = 10;
        for (int deal = 0; deal < dealsEach; deal++) {
            for (int p = 0; p < partners; p++) {
                String partner = prefix + p;
                kafka.send(CrmTopics.DEAL_CLOSED, partner, dealClosed(newId(), partner, "d" + deal, "100", "USD", "US", MARCH_10));
            }
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "select count(*) from deal_points where partner_id like ?", Long.class, prefix + "%"))
                .isEqualTo(partners * dealsEach));
        assertThat(jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier like ?", Long.class,
                prefix + "%")).isEqualTo(partners * dealsEach);
    }

    @Test
    void the_service_exposes_its_metrics_and_its_openapi_document() {
        String partner = "p-" + newId();
        kafka.send(CrmTopics.DEAL_CLOSED, partner, dealClosed(newId(), partner, "d1", "100", "USD", "US", MARCH_10));
        awaitPoints(partner, APRIL_1, 1);

        String metrics = HttpJson.getText("http://localhost:" + managementPort + "/actuator/prometheus");
        assertThat(metrics).contains("prm_events_consumed_total{", "outcome=\"applied\"", "prm_events_processing_lag_seconds",
                "prm_ingest_batch_seconds");
        // issue 15: CPU by stage and by thread role, read by bin/benchmark; Axon's own per-message monitors are off
        assertThat(counter(metrics, "prm_ingest_cpu_seconds_total", "stage=\"decide\"")).isPositive();
        assertThat(counter(metrics, "prm_ingest_cpu_seconds_total", "stage=\"append\"")).isPositive();
        assertThat(counter(metrics, "prm_cpu_seconds_total", "role=\"ingest\"")).isPositive();
        assertThat(counter(metrics, "prm_cpu_seconds_total", "role=\"project\"")).isPositive();
        assertThat(metrics).doesNotContain("commandBus", "eventProcessor");
        assertThat(axon.getComponent(CommandTargetResolver.class)).isInstanceOf(CachedCommandTargetResolver.class);
        JsonNode openApi = get("/v3/api-docs").body();
        assertThat(openApi.at("/paths").has("/api/partners/{partnerId}/points")).isTrue();
        JsonNode outlook = openApi.at("/paths/~1api~1partners~1{partnerId}~1tier~1outlook/get");
        assertThat(outlook.at("/responses/200/content").toString()).as("issue 18: the outlook with an example")
                .contains("GOLD at risk under a raised table", "nextReevaluation");
    }

    private static double counter(String scrape, String name, String label) {
        return scrape.lines().filter(line -> line.startsWith(name + "{") && line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private HttpJson.Response get(String partner, String asOf) {
        return get("/api/partners/" + partner + "/points" + (asOf == null ? "" : "?asOf=" + asOf));
    }
}
