package dev.prm.commission;

import static dev.prm.testsupport.CrmEvents.newId;
import static dev.prm.testsupport.CrmEvents.timePassed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.prm.contracts.Topics;
import dev.prm.contracts.commission.CommissionEvents;
import dev.prm.contracts.crm.CrmTopics;
import dev.prm.contracts.registration.RegistrationEvents;
import dev.prm.platform.ingest.DeadLetterPublisher;
import dev.prm.testsupport.HttpJson;
import dev.prm.testsupport.KafkaTestClient;
import dev.prm.testsupport.RequestQueryCounter;
import dev.prm.testsupport.TestInfrastructure;
import dev.prm.testsupport.TestTokens;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The commission rules end to end on a real broker and a real PostgreSQL, business time driven by TimePassed
 * ticks ({@code event} clock mode), cap events published on registration-events as registration-service does.
 * <p>
 * Business time is shared by every test of the service and never goes back, so the scenarios run in
 * chronological order; every answer is asked {@code asOf} an instant, so it holds however far business time
 * already is (a late fact is then accrued at once, which must give the same amounts, statuses and statements).
 * Every answer's statement is checked to add up to its entries.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "prm.clock.mode=event")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Import(RequestQueryCounter.class)
class CommissionFlowIntegrationTest {

    private static final String RUN = newId().substring(0, 8);
    private static final String SEED = "seed-" + RUN;
    private static final String YEAR_END = "year-end-" + RUN;
    private static final String PROVIDER = "provider-" + RUN;
    private static final String BAD_INPUT = "bad-input-" + RUN;
    private static final String EARLY = "early-" + RUN;
    private static final String HOLD_ONLY = "hold-only-" + RUN;
    private static final String CURRENCY = "currency-" + RUN;
    private static final List<String> SCENARIOS = List.of(SEED, YEAR_END, PROVIDER, BAD_INPUT, EARLY, HOLD_ONLY, CURRENCY);
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String GROUP = "commission-service";
    private static final List<String> INBOUND = List.of(CrmTopics.PARTNERS, CrmTopics.DEAL_CLOSED, RegistrationEvents.TOPIC, CrmTopics.BUSINESS_TIME);

    private static final KafkaTestClient kafka = TestInfrastructure.kafkaClient();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EventProcessingConfiguration processing;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "commission_service_test");
    }


    private static Instant at(String instant) {
        return Instant.parse(instant.length() == 10 ? instant + "T00:00:00Z" : instant);
    }

    /** Ticks on one partition, so they are read in order. */
    /**
     * A month end decided on the facts sent before it and on none sent after it: SPEC §4 orders nothing across topics, so
     * the test waits for the service to have taken in every input before and after the tick (late facts are still tested,
     * by sending them after the tick).
     */
    /** Sends a tick and waits until it has taken effect (a tick is held until the facts before it are in, B3). */
    private void tick(String instant) {
        kafka.awaitConsumed(GROUP, INBOUND, PATIENCE);
        kafka.send(CrmTopics.BUSINESS_TIME, "clock", timePassed(at(instant)));
        kafka.awaitConsumed(GROUP, INBOUND, PATIENCE);
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> jdbc.queryForList(
                        "select business_now from business_time where id = 1", java.sql.Timestamp.class),
                now -> !now.isEmpty() && !now.getFirst().toInstant().isBefore(at(instant)));
    }

    @Test
    @Order(1)
    void R7_C3_the_seed_case_hold_from_the_deadline_released_at_the_restoration_with_its_amounts() {
        kafka.send(CrmTopics.PARTNERS, SEED, Cloud.enrolled(SEED, "SOLUTIONS_PARTNER", at("2022-01-05")));
        kafka.send(CrmTopics.DEAL_CLOSED, SEED, Cloud.dealClosed(SEED, "d1", "1000", "USD", at("2022-01-20T10:00:00Z")));
        tick("2022-02-01");
        kafka.send(RegistrationEvents.TOPIC, SEED, Cloud.capExceeded(SEED, at("2022-02-01"), at("2022-04-01")));
        tick("2022-03-01");
        tick("2022-04-01");
        kafka.send(RegistrationEvents.TOPIC, SEED, Cloud.capDeadlinePassed(SEED, at("2022-04-01")));
        tick("2022-04-15");
        tick("2022-05-01");
        tick("2022-05-10T08:00:00Z");
        kafka.send(RegistrationEvents.TOPIC, SEED, Cloud.capRestored(SEED, at("2022-05-10T08:00:00Z")));
        tick("2022-06-01");
        tick("2022-07-01");

        List<ConsumerRecord<String, byte[]>> published = kafka.readUntil(CommissionEvents.TOPIC,
                record -> SEED.equals(record.key()) && type(record).equals("CommissionHoldReleased"), PATIENCE);
        JsonNode placed = only(published, SEED, "CommissionHoldPlaced");
        assertThat(placed.at("/data/since").stringValue()).isEqualTo("2022-04-01T00:00:00Z");
        assertThat(placed.at("/data/reason").stringValue()).isEqualTo("REGISTRATION_CAP_DEADLINE_PASSED");
        JsonNode released = only(published, SEED, "CommissionHoldReleased");
        assertThat(released.at("/data/since").stringValue()).isEqualTo("2022-04-01T00:00:00Z");
        assertThat(released.at("/data/until").stringValue()).isEqualTo("2022-05-10T08:00:00Z");
        assertThat(released.at("/data/releasedAmounts").toString()).isEqualTo("[{\"amount\":\"400.00\",\"currency\":\"USD\"}]");
        assertThat(released.at("/time").stringValue()).isEqualTo("2022-05-10T08:00:00Z");

        JsonNode aprilWhileHeld = commissions(SEED, "2022-04", "2022-05-05", view -> view.at("/accruals").size() == 1);
        assertThat(aprilWhileHeld.at("/monthEnd").stringValue()).isEqualTo("2022-05-01T00:00:00Z");
        assertThat(aprilWhileHeld.at("/accruals/0/status").stringValue()).isEqualTo("HELD");
        assertThat(aprilWhileHeld.at("/accruals/0/heldSince").stringValue()).isEqualTo("2022-04-01T00:00:00Z");
        assertThat(aprilWhileHeld.at("/accruals/0/amount/amount").stringValue()).isEqualTo("200.00");
        assertThat(aprilWhileHeld.at("/accruals/0/rate").stringValue()).isEqualTo("0.20");
        assertThat(aprilWhileHeld.at("/accruals/0/policyVersion").stringValue()).isEqualTo("commission-2022");
        assertThat(line(aprilWhileHeld, "USD")).isEqualTo(Map.of("accrued", "200.00", "held", "200.00", "released", "0.00", "payable", "0.00"));

        JsonNode aprilReleased = commissions(SEED, "2022-04", "2022-06-01", view -> view.at("/accruals").size() == 1);
        assertThat(aprilReleased.at("/accruals/0/status").stringValue()).isEqualTo("PAYABLE");
        assertThat(aprilReleased.at("/accruals/0/releasedAt").stringValue()).isEqualTo("2022-05-10T08:00:00Z");
        assertThat(line(aprilReleased, "USD")).isEqualTo(Map.of("accrued", "200.00", "held", "0.00", "released", "200.00", "payable", "200.00"));

        JsonNode march = commissions(SEED, "2022-03", "2022-04-01", view -> view.at("/accruals").size() == 1);
        assertThat(march.at("/accruals/0/status").stringValue()).as("the deadline is inclusive").isEqualTo("HELD");
        JsonNode february = commissions(SEED, "2022-02", "2022-05-05", view -> view.at("/accruals").size() == 1);
        assertThat(february.at("/accruals/0/status").stringValue()).isEqualTo("PAYABLE");
        JsonNode may = commissions(SEED, "2022-05", "2022-06-01", view -> view.at("/accruals").size() == 1);
        assertThat(may.at("/accruals/0/status").stringValue()).as("the restoration is exclusive").isEqualTo("PAYABLE");
        assertThat(may.at("/accruals/0/releasedAt").isNull()).isTrue();

        JsonNode beforeDeadline = hold(SEED, "2022-03-15");
        assertThat(beforeDeadline.get("held").booleanValue()).isFalse();
        assertThat(beforeDeadline.at("/overCap/deadline").stringValue()).isEqualTo("2022-04-01T00:00:00Z");
        JsonNode whileHeld = hold(SEED, "2022-04-15");
        assertThat(whileHeld.get("held").booleanValue()).isTrue();
        assertThat(whileHeld.get("since").stringValue()).isEqualTo("2022-04-01T00:00:00Z");
        assertThat(whileHeld.get("reason").stringValue()).isEqualTo("REGISTRATION_CAP_DEADLINE_PASSED");
        assertThat(whileHeld.get("heldAmounts").toString()).isEqualTo("[{\"amount\":\"200.00\",\"currency\":\"USD\"}]");
        JsonNode afterRestoration = hold(SEED, "2022-05-10T08:00:00Z");
        assertThat(afterRestoration.get("held").booleanValue()).isFalse();
        assertThat(afterRestoration.get("overCap").isNull()).isTrue();
        assertThat(afterRestoration.at("/periods/0/until").stringValue()).isEqualTo("2022-05-10T08:00:00Z");
        assertThat(afterRestoration.at("/periods/0/releasedAmounts/0/amount").stringValue()).isEqualTo("400.00");

        // issue 16: one or two indexed queries per answer, with hold periods, releases and a notice to read
        for (String route : List.of("/commission-hold?asOf=2022-04-15", "/commission-hold?asOf=2022-05-10T08:00:00Z",
                "/commission-hold", "/commissions?month=2022-04&asOf=2022-04-15", "/commissions")) {
            RequestQueryCounter.Counted<Integer> answer = RequestQueryCounter.count(() -> HttpJson.get(url("/api/partners/" + SEED + route)).status());
            assertThat(answer.answer()).as(route).isEqualTo(200);
            assertThat(answer.statements()).as(route).isBetween(1, 2);
        }
    }

    @Test
    @Order(2)
    void C1_C2_month_ends_across_the_year_and_the_leap_day_amendments_churns_and_late_corrections() {
        String p = YEAR_END;
        kafka.send(CrmTopics.PARTNERS, p, Cloud.enrolled(p, "SOLUTIONS_PARTNER", at("2023-10-01")));
        kafka.send(CrmTopics.DEAL_CLOSED, p, Cloud.dealClosed(p, "c-jpy", "12000", "JPY", at("2023-11-05T09:00:00Z")));
        tick("2023-12-01");
        kafka.send(CrmTopics.DEAL_CLOSED, p, Cloud.dealClosed(p, "a-usd", "1000", "USD", at("2023-12-20T10:00:00Z")));
        tick("2024-01-01");
        kafka.send(CrmTopics.DEAL_CLOSED, p, Cloud.dealAmended(p, "a-usd", "1500", "USD", at("2024-01-15T00:00:00Z")));
        tick("2024-02-01");
        // a churn and an amendment in the same month: no accrual for February
        kafka.send(CrmTopics.DEAL_CLOSED, p, Cloud.dealAmended(p, "c-jpy", "24000", "JPY", at("2024-02-05T00:00:00Z")));
        kafka.send(CrmTopics.DEAL_CLOSED, p, Cloud.dealChurned(p, "c-jpy", at("2024-02-25T00:00:00Z")));
        kafka.send(CrmTopics.DEAL_CLOSED, p, Cloud.dealClosed(p, "b-eur", "550.55", "EUR", at("2024-02-29T12:00:00Z")));
        tick("2024-03-01");
        tick("2024-04-01");
        commissions(p, "2024-03", "2024-04-01", view -> view.at("/accruals").size() == 2);
        // read after the 2024-04-01 accruals were made: corrected by signed adjustments
        kafka.send(CrmTopics.DEAL_CLOSED, p, Cloud.dealAmended(p, "b-eur", "1000", "EUR", at("2024-03-10T00:00:00Z")));
        kafka.send(CrmTopics.DEAL_CLOSED, p, Cloud.dealChurned(p, "a-usd", at("2024-03-05T00:00:00Z")));

        assertThat(nets(commissions(p, "2023-11", "2024-04-01", view -> true))).isEqualTo(Map.of("c-jpy JPY", "2400"));
        JsonNode december = commissions(p, "2023-12", "2024-04-01", view -> true);
        assertThat(december.at("/monthEnd").stringValue()).isEqualTo("2024-01-01T00:00:00Z");
        assertThat(nets(december)).isEqualTo(Map.of("a-usd USD", "200.00", "c-jpy JPY", "2400"));
        assertThat(december.at("/accruals/0/policyVersion").stringValue()).isEqualTo("commission-2023-04");
        assertThat(nets(commissions(p, "2024-01", "2024-04-01", view -> true)))
                .isEqualTo(Map.of("a-usd USD", "300.00", "c-jpy JPY", "2400"));
        JsonNode leapMonth = commissions(p, "2024-02", "2024-04-01", view -> true);
        assertThat(leapMonth.at("/monthEnd").stringValue()).isEqualTo("2024-03-01T00:00:00Z");
        assertThat(nets(leapMonth)).isEqualTo(Map.of("a-usd USD", "300.00", "b-eur EUR", "110.11"));

        JsonNode march = commissions(p, "2024-03", "2024-04-01", view -> nets(view).equals(Map.of("b-eur EUR", "200.00")));
        assertThat(march.at("/accruals").valueStream().anyMatch(entry -> entry.get("dealId").stringValue().equals("a-usd")
                && entry.get("entryKind").stringValue().equals("ADJUSTMENT") && entry.at("/amount/amount").stringValue().startsWith("-")))
                .as("the churned deal's accrual is reversed by a signed adjustment, not rewritten").isTrue();
        assertThat(march.at("/statement").size()).as("USD nets to nothing: no line").isOne();
        assertThat(line(march, "EUR").get("payable")).isEqualTo("200.00");
        tick("2024-05-01");
        assertThat(nets(commissions(p, "2024-04", "2024-05-01", view -> nets(view).containsKey("b-eur EUR"))))
                .as("nothing accrues after the churn; the amendment holds").isEqualTo(Map.of("b-eur EUR", "200.00"));
    }

    @Test
    @Order(3)
    void C1_C3_a_provider_earns_12_months_and_a_hold_spanning_several_months_releases_each_of_them() {
        String p = PROVIDER;
        kafka.send(CrmTopics.PARTNERS, p, Cloud.enrolled(p, "PROVIDER", at("2025-01-01")));
        kafka.send(CrmTopics.DEAL_CLOSED, p, Cloud.dealClosed(p, "d1", "500", "USD", at("2025-01-10T00:00:00Z")));
        kafka.send(RegistrationEvents.TOPIC, p, Cloud.capExceeded(p, at("2025-01-15"), at("2025-03-16")));
        tick("2025-02-01");
        tick("2025-03-01");
        tick("2025-03-16");
        kafka.send(RegistrationEvents.TOPIC, p, Cloud.capDeadlinePassed(p, at("2025-03-16")));
        for (String monthEnd : List.of("2025-04-01", "2025-05-01", "2025-06-01", "2025-07-01", "2025-07-20")) {
            tick(monthEnd);
        }
        kafka.send(RegistrationEvents.TOPIC, p, Cloud.capRestored(p, at("2025-07-20")));
        for (String monthEnd : List.of("2025-08-01", "2025-10-01", "2026-01-01", "2026-03-01")) {
            tick(monthEnd);
        }

        List<ConsumerRecord<String, byte[]>> published = kafka.readUntil(CommissionEvents.TOPIC,
                record -> p.equals(record.key()) && type(record).equals("CommissionHoldReleased"), PATIENCE);
        assertThat(only(published, p, "CommissionHoldReleased").at("/data/releasedAmounts").toString())
                .as("the accruals of March to June").isEqualTo("[{\"amount\":\"400.00\",\"currency\":\"USD\"}]");

        JsonNode held = hold(p, "2025-05-01");
        assertThat(held.get("held").booleanValue()).isTrue();
        assertThat(held.get("since").stringValue()).isEqualTo("2025-03-16T00:00:00Z");
        assertThat(held.get("heldAmounts").toString()).isEqualTo("[{\"amount\":\"200.00\",\"currency\":\"USD\"}]");
        for (String month : List.of("2025-03", "2025-04", "2025-05", "2025-06")) {
            assertThat(commissions(p, month, "2025-07-19", view -> view.at("/accruals").size() == 1).at("/accruals/0/status").stringValue())
                    .as(month).isEqualTo("HELD");
            JsonNode released = commissions(p, month, "2025-07-20", view -> view.at("/accruals").size() == 1);
            assertThat(line(released, "USD")).isEqualTo(Map.of("accrued", "100.00", "held", "0.00", "released", "100.00", "payable", "100.00"));
        }
        assertThat(commissions(p, "2025-02", "2025-07-19", view -> view.at("/accruals").size() == 1).at("/accruals/0/status").stringValue())
                .as("before the deadline").isEqualTo("PAYABLE");
        JsonNode december = commissions(p, "2025-12", "2026-03-01", view -> view.at("/accruals").size() == 1);
        assertThat(december.at("/accruals/0/partnerKind").stringValue()).isEqualTo("PROVIDER");
        assertThat(commissions(p, "2026-01", "2026-03-01", view -> true).at("/accruals").size()).as("the 13th month end").isZero();
    }

    @Test
    @Order(4)
    void section4_duplicates_count_once_and_malformed_input_is_dead_lettered_with_its_reason() {
        String p = BAD_INPUT;
        String id = newId();
        kafka.send(CrmTopics.DEAL_CLOSED, p, "{ this is not json");
        kafka.send(CrmTopics.DEAL_CLOSED, p, Cloud.dealClosed(id, p, "d1", "100", "USD", at("2026-01-10T00:00:00Z")));
        kafka.send(CrmTopics.DEAL_CLOSED, p, Cloud.dealClosed(id, p, "d2", "900", "USD", at("2026-01-10T00:00:00Z")));
        kafka.send(CrmTopics.DEAL_CLOSED, p, Cloud.dealClosed(p, "krw", "5000", "KRW", at("2026-01-10T00:00:00Z")));
        kafka.send(CrmTopics.DEAL_CLOSED, p, Cloud.dealAmended(p, "d1", "-90", "USD", at("2026-01-20T00:00:00Z")));
        kafka.send(RegistrationEvents.TOPIC, p, Cloud.capDeadlinePassed(p, at("2026-02-01")).replace(",\"deadline\":\"2026-02-01T00:00:00Z\"", ""));
        kafka.send(CrmTopics.DEAL_CLOSED, p, Cloud.dealClosed(p, "good", "50", "USD", at("2026-01-11T00:00:00Z")));
        tick("2026-04-01");

        JsonNode january = commissions(p, "2026-01", "2026-02-01", view -> view.at("/accruals").size() == 2);
        assertThat(nets(january)).isEqualTo(Map.of("d1 USD", "20.00", "good USD", "10.00"));
        assertThat(jdbc.queryForObject("select count(*) from processed_event where event_id = ?", Long.class, id)).isOne();
        assertThat(hold(p, "2026-03-01").get("held").booleanValue()).as("the malformed deadline placed nothing").isFalse();

        // a fact the contract's reader refuses is dead-lettered before the batch is applied, one the program's rule
        // refuses while it is applied: their order on the DLT depends on how the records were batched
        int[] ours = {0};
        var dealDeadLetters = kafka.readUntil(Topics.deadLetter(CrmTopics.DEAL_CLOSED),
                record -> p.equals(record.key()) && ++ours[0] == 3, PATIENCE).stream().filter(record -> p.equals(record.key())).toList();
        Map<String, String> details = new TreeMap<>();
        dealDeadLetters.forEach(record -> details.put(KafkaTestClient.header(record, DeadLetterPublisher.REASON),
                KafkaTestClient.header(record, DeadLetterPublisher.DETAIL)));
        assertThat(details).containsOnlyKeys("NOT_JSON", "UNKNOWN_CURRENCY", "INVALID_FIELD");
        assertThat(details.get("UNKNOWN_CURRENCY")).contains("data.mrr.currency");
        assertThat(details.get("INVALID_FIELD")).contains("data.mrr.amount");
        var capDeadLetters = kafka.readUntil(Topics.deadLetter(RegistrationEvents.TOPIC),
                record -> p.equals(record.key()), PATIENCE).stream().filter(record -> p.equals(record.key())).toList();
        assertThat(KafkaTestClient.header(capDeadLetters.getFirst(), DeadLetterPublisher.REASON)).isEqualTo("MISSING_FIELD");
        assertThat(KafkaTestClient.header(capDeadLetters.getFirst(), DeadLetterPublisher.DETAIL)).contains("deadline");
    }

    @Test
    @Order(5)
    void P1_facts_about_deals_and_partners_not_known_yet_are_kept_and_applied() {
        String p = EARLY;
        kafka.send(CrmTopics.DEAL_CLOSED, p, Cloud.dealAmended(p, "d1", "2000", "USD", at("2027-02-10T00:00:00Z")));
        kafka.send(CrmTopics.DEAL_CLOSED, p, Cloud.dealChurned(p, "d1", at("2027-04-15T00:00:00Z")));
        kafka.send(RegistrationEvents.TOPIC, HOLD_ONLY, Cloud.capDeadlinePassed(HOLD_ONLY, at("2027-03-01")));
        tick("2027-03-01");
        kafka.send(CrmTopics.DEAL_CLOSED, p, Cloud.dealClosed(p, "d1", "1000", "USD", at("2027-01-15T00:00:00Z")));
        tick("2027-06-01");

        assertThat(nets(commissions(p, "2027-01", "2027-06-01", view -> view.at("/accruals").size() == 1))).isEqualTo(Map.of("d1 USD", "200.00"));
        assertThat(nets(commissions(p, "2027-02", "2027-06-01", view -> view.at("/accruals").size() == 1))).isEqualTo(Map.of("d1 USD", "400.00"));
        assertThat(nets(commissions(p, "2027-03", "2027-06-01", view -> view.at("/accruals").size() == 1))).isEqualTo(Map.of("d1 USD", "400.00"));
        assertThat(commissions(p, "2027-04", "2027-06-01", view -> true).at("/accruals").size()).as("churned in April").isZero();

        JsonNode holdOnly = awaitJson(() -> HttpJson.get(url("/api/partners/" + HOLD_ONLY + "/commission-hold?asOf=2027-03-02")),
                view -> view != null && view.has("held") && view.get("held").booleanValue());
        assertThat(holdOnly.get("heldAmounts").size()).isZero();
    }

    /**
     * C2: an amendment may change a deal's currency. Month ends after it accrue in the new currency; accruals made
     * before it was known are corrected by a negative adjustment in the old currency and a positive one in the new.
     * B3: an amendment dated after a month end, taken in before it, does not change that month end's accrual.
     */
    @Test
    @Order(6)
    void C2_a_currency_changing_amendment_is_applied_early_or_late_and_corrected_in_both_currencies() {
        String p = CURRENCY;
        kafka.send(CrmTopics.DEAL_CLOSED, p, Cloud.dealClosed(p, "d1", "1000", "USD", at("2027-06-10T00:00:00Z")));
        kafka.send(CrmTopics.DEAL_CLOSED, p, Cloud.dealClosed(p, "d2", "500", "USD", at("2027-06-12T00:00:00Z")));
        kafka.send(CrmTopics.DEAL_CLOSED, p, Cloud.dealAmended(p, "d1", "150000", "JPY", at("2027-07-20T00:00:00Z")));
        tick("2027-07-01");
        tick("2027-08-01");
        tick("2027-09-01");
        kafka.send(CrmTopics.DEAL_CLOSED, p, Cloud.dealAmended(p, "d2", "450", "EUR", at("2027-07-15T00:00:00Z")));
        tick("2027-10-01");

        JsonNode june = commissions(p, "2027-06", "2027-10-01", view -> view.at("/accruals").size() == 2);
        assertThat(nets(june)).as("the JPY amendment of 07-20 was taken in first; the accrual of 07-01 is in USD")
                .isEqualTo(Map.of("d1 USD", "200.00", "d2 USD", "100.00"));
        JsonNode july = commissions(p, "2027-07", "2027-10-01", view -> view.at("/accruals").size() == 4);
        assertThat(nets(july)).isEqualTo(Map.of("d1 JPY", "30000", "d2 EUR", "90.00"));
        assertThat(july.at("/accruals").valueStream().filter(entry -> entry.get("dealId").stringValue().equals("d2"))
                .map(entry -> entry.get("entryKind").stringValue() + " " + entry.at("/amount/amount").stringValue() + " "
                        + entry.at("/amount/currency").stringValue()).toList())
                .as("accruals are never rewritten: the late amendment adds signed adjustments in both currencies")
                .containsExactlyInAnyOrder("ACCRUAL 100.00 USD", "ADJUSTMENT -100.00 USD", "ADJUSTMENT 90.00 EUR");
        assertThat(line(july, "EUR")).isEqualTo(Map.of("accrued", "90.00", "held", "0.00", "released", "0.00", "payable", "90.00"));
        assertThat(line(july, "JPY")).isEqualTo(Map.of("accrued", "30000", "held", "0", "released", "0", "payable", "30000"));
        assertThat(july.at("/statement").size()).as("USD nets to zero and is left out").isEqualTo(2);
        JsonNode september = commissions(p, "2027-09", "2027-10-01", view -> view.at("/accruals").size() == 2);
        assertThat(september.at("/accruals").valueStream().map(entry -> entry.get("entryKind").stringValue()).distinct().toList())
                .containsExactly("ACCRUAL");
        assertThat(nets(september)).isEqualTo(Map.of("d1 JPY", "30000", "d2 EUR", "90.00"));
    }

    @Test
    @Order(7)
    void REST_an_unknown_partner_is_404_a_bad_month_or_asOf_400_problem_json_and_the_openapi_document_lists_both_routes() {
        HttpJson.Response unknown = HttpJson.get(url("/api/partners/nobody-" + RUN + "/commissions?month=2022-04"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(HttpJson.get(url("/api/partners/nobody-" + RUN + "/commission-hold")).status()).isEqualTo(404);

        HttpJson.Response badMonth = HttpJson.get(url("/api/partners/" + SEED + "/commissions?month=April"));
        assertThat(badMonth.status()).isEqualTo(400);
        assertThat(badMonth.body().get("detail").stringValue()).contains("YYYY-MM");
        HttpJson.Response badAsOf = HttpJson.get(url("/api/partners/" + SEED + "/commission-hold?asOf=yesterday"));
        assertThat(badAsOf.status()).isEqualTo(400);
        assertThat(badAsOf.body().toString()).doesNotContain("Exception");

        JsonNode openApi = HttpJson.get(url("/v3/api-docs")).body();
        assertThat(openApi.at("/paths").has("/api/partners/{partnerId}/commissions")).isTrue();
        assertThat(openApi.at("/paths").has("/api/partners/{partnerId}/commission-hold")).isTrue();
    }

    /**
     * B1: rebuilding the projection from the event store, and replaying every input with its ticks into a new
     * instance with an empty database, give the same amounts, statuses, statements and holds.
     */
    @Test
    @Order(8)
    void B1_replay_rebuilding_the_projection_and_replaying_the_inputs_give_the_same_answers() {
        String base = "http://localhost:" + port;
        Map<String, String> before = settled(() -> answers(base, true));

        StreamingEventProcessor projection = processing.eventProcessor("commissions", StreamingEventProcessor.class).orElseThrow();
        projection.shutDown();
        projection.resetTokens();
        projection.start();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThat(answers(base, true)).isEqualTo(before));

        Map<String, String> amounts = settled(() -> answers(base, false));
        String database = TestInfrastructure.postgres().createDatabase("commission_replay_" + RUN.replaceAll("[^a-z0-9]", "x"));
        try (ConfigurableApplicationContext replay = new SpringApplicationBuilder(CommissionServiceApplication.class).run(
                "--server.port=0", "--management.server.port=0", "--prm.clock.mode=event", "--prm.commission.publishing=false",
                "--spring.kafka.bootstrap-servers=" + TestInfrastructure.kafkaBootstrapServers(),
                "--spring.kafka.consumer.group-id=commission-replay-" + RUN,
                "--spring.datasource.url=" + database,
                "--spring.datasource.username=" + TestInfrastructure.postgres().user(),
                "--spring.datasource.password=" + TestInfrastructure.postgres().password(),
                "--spring.security.oauth2.resourceserver.jwt.public-key-location=" + TestTokens.PUBLIC_KEY_LOCATION,
                "--prm.security.issuer=" + TestTokens.ISSUER)) {
            String replayed = "http://localhost:" + replay.getEnvironment().getProperty("local.server.port");
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(answers(replayed, false)).isEqualTo(amounts));
        }
    }

    /** The answers once two reads a second apart agree: the projection has caught up with the event store. */
    private static Map<String, String> settled(java.util.function.Supplier<Map<String, String>> answers) {
        Map<String, String>[] previous = new Map[] {answers.get()};
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Map<String, String> now = answers.get();
            boolean same = now.equals(previous[0]);
            previous[0] = now;
            return same;
        });
        return previous[0];
    }

    /**
     * Every scenario's months and holds. {@code entries}: each entry as stored; otherwise what cannot depend on
     * the order inputs of different topics were read in: net amount and status per deal, statements, holds.
     */
    private Map<String, String> answers(String base, boolean entries) {
        Map<String, String> answers = new TreeMap<>();
        for (String partner : SCENARIOS) {
            for (String month : List.of("2022-03", "2022-04", "2023-12", "2024-02", "2024-03", "2025-04", "2025-12", "2026-01", "2027-02", "2027-07")) {
                HttpJson.Response response = HttpJson.get(base + "/api/partners/" + partner + "/commissions?month=" + month + "&asOf=2027-10-01");
                answers.put(partner + " " + month, response.status() != 200 ? String.valueOf(response.status())
                        : (entries ? response.body().at("/accruals").toString() : nets(response.body()) + " " + statuses(response.body()))
                        + " " + response.body().at("/statement"));
            }
            for (String asOf : List.of("2022-04-15", "2025-05-01", "2027-10-01")) {
                HttpJson.Response response = HttpJson.get(base + "/api/partners/" + partner + "/commission-hold?asOf=" + asOf);
                answers.put(partner + " hold " + asOf, response.status() != 200 ? String.valueOf(response.status()) : response.body().toString());
            }
        }
        return answers;
    }

    private JsonNode commissions(String partner, String month, String asOf, Predicate<JsonNode> ready) {
        JsonNode view = awaitJson(() -> HttpJson.get(url("/api/partners/" + partner + "/commissions?month=" + month + "&asOf=" + asOf)),
                body -> body != null && body.has("accruals") && ready.test(body));
        assertAddsUp(view);
        return view;
    }

    private JsonNode hold(String partner, String asOf) {
        return awaitJson(() -> HttpJson.get(url("/api/partners/" + partner + "/commission-hold?asOf=" + asOf)),
                body -> body != null && body.has("held"));
    }

    private static JsonNode awaitJson(java.util.concurrent.Callable<HttpJson.Response> request, Predicate<JsonNode> ready) {
        return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(request, response -> response.status() == 200 && ready.test(response.body())).body();
    }

    /** C4: per currency, accrued is the sum of the entries, held and payable split it, released is part of payable. */
    private static void assertAddsUp(JsonNode view) {
        Map<String, BigDecimal[]> sums = new TreeMap<>();
        for (JsonNode entry : view.at("/accruals")) {
            BigDecimal[] sum = sums.computeIfAbsent(entry.at("/amount/currency").stringValue(),
                    c -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
            BigDecimal amount = new BigDecimal(entry.at("/amount/amount").stringValue());
            sum[0] = sum[0].add(amount);
            if (entry.get("status").stringValue().equals("HELD")) {
                sum[1] = sum[1].add(amount);
            } else {
                sum[3] = sum[3].add(amount);
            }
            if (!entry.get("releasedAt").isNull()) {
                sum[2] = sum[2].add(amount);
            }
        }
        sums.values().removeIf(sum -> sum[0].signum() == 0 && sum[1].signum() == 0 && sum[2].signum() == 0 && sum[3].signum() == 0);
        assertThat(view.at("/statement").size()).isEqualTo(sums.size());
        for (JsonNode line : view.at("/statement")) {
            BigDecimal[] sum = sums.get(line.get("currency").stringValue());
            assertThat(new BigDecimal(line.get("accrued").stringValue())).isEqualByComparingTo(sum[0]);
            assertThat(new BigDecimal(line.get("held").stringValue())).isEqualByComparingTo(sum[1]);
            assertThat(new BigDecimal(line.get("released").stringValue())).isEqualByComparingTo(sum[2]);
            assertThat(new BigDecimal(line.get("payable").stringValue())).isEqualByComparingTo(sum[3]);
            assertThat(sum[1].add(sum[3])).isEqualByComparingTo(sum[0]);
        }
    }

    /**
     * Net amount per "deal currency": what the entries of the month add up to for each deal, left out when
     * zero (an accrual reversed by an adjustment exists or not depending on the order topics were read in).
     */
    private static Map<String, String> nets(JsonNode view) {
        Map<String, BigDecimal> nets = new TreeMap<>();
        for (JsonNode entry : view.at("/accruals")) {
            nets.merge(entry.get("dealId").stringValue() + " " + entry.at("/amount/currency").stringValue(),
                    new BigDecimal(entry.at("/amount/amount").stringValue()), BigDecimal::add);
        }
        Map<String, String> plain = new TreeMap<>();
        nets.forEach((deal, net) -> {
            if (net.signum() != 0) {
                plain.put(deal, net.toPlainString());
            }
        });
        return plain;
    }

    private static List<String> statuses(JsonNode view) {
        List<String> statuses = new ArrayList<>();
        Map<String, String> nets = nets(view);
        view.at("/accruals").valueStream()
                .filter(entry -> nets.containsKey(entry.get("dealId").stringValue() + " " + entry.at("/amount/currency").stringValue()))
                .forEach(entry -> statuses.add(entry.get("dealId").stringValue() + " " + entry.get("status").stringValue()
                + " " + entry.get("releasedAt")));
        return statuses.stream().distinct().sorted().toList();
    }

    private static Map<String, String> line(JsonNode view, String currency) {
        for (JsonNode line : view.at("/statement")) {
            if (line.get("currency").stringValue().equals(currency)) {
                return Map.of("accrued", line.get("accrued").stringValue(), "held", line.get("held").stringValue(),
                        "released", line.get("released").stringValue(), "payable", line.get("payable").stringValue());
            }
        }
        throw new AssertionError("no " + currency + " line in " + view);
    }

    private static String type(ConsumerRecord<String, byte[]> record) {
        return JSON.readTree(record.value()).get("type").stringValue();
    }

    private static JsonNode only(List<ConsumerRecord<String, byte[]>> records, String partner, String type) {
        List<JsonNode> matching = records.stream().filter(record -> partner.equals(record.key()))
                .map(record -> JSON.readTree(record.value())).filter(event -> event.get("type").stringValue().equals(type)).toList();
        assertThat(matching).as(type + " of " + partner).hasSize(1);
        return matching.getFirst();
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
