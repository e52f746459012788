package dev.prm.registration;

import static dev.prm.registration.RegistrationEvents.directOwnerAssigned;
import static dev.prm.registration.RegistrationEvents.extensionRequested;
import static dev.prm.registration.RegistrationEvents.partnerEnrolled;
import static dev.prm.registration.RegistrationEvents.registrationRequested;
import static dev.prm.registration.RegistrationEvents.releaseRequested;
import static dev.prm.registration.RegistrationEvents.tierChanged;
import static dev.prm.testsupport.CrmEvents.newId;
import static dev.prm.testsupport.CrmEvents.timePassed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.prm.contracts.Topics;
import dev.prm.contracts.crm.CrmTopics;
import dev.prm.contracts.registration.RegistrationEvents;
import dev.prm.contracts.tier.TierEvents;
import dev.prm.platform.ingest.DeadLetterPublisher;
import dev.prm.testsupport.HttpJson;
import dev.prm.testsupport.KafkaTestClient;
import dev.prm.testsupport.RequestQueryCounter;
import dev.prm.testsupport.TestInfrastructure;
import dev.prm.testsupport.TestTokens;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rules on a real broker and a real PostgreSQL, business time driven by TimePassed ticks. Business time
 * only moves forward, so the scenarios run in order, each in its own years.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"prm.clock.mode=event", "spring.kafka.consumer.group-id=registration-flow-test",
                "prm.registration.await-tier-decisions=false"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Import(RequestQueryCounter.class)
class RegistrationFlowIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final KafkaTestClient kafka = TestInfrastructure.kafkaClient();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "registration_flow_test");
    }


    @Test
    @Order(1)
    void R6_R7_the_seeds_case_caps_cut_on_2022_02_01_a_gold_partner_with_40_registrations_over_cap_until_back_at_15() {
        String partner = "gold-" + newId();
        Instant january = Instant.parse("2022-01-10T09:00:00Z");
        kafka.send(CrmTopics.PARTNERS, partner, partnerEnrolled(partner, "SOLUTIONS_PARTNER", null, Instant.parse("2021-06-01T00:00:00Z")));
        kafka.send(TierEvents.TOPIC, partner, tierChanged(partner, "SOLUTIONS_PARTNER", "GOLD", Instant.parse("2021-07-01T00:00:00Z")));
        for (int i = 0; i < 40; i++) {
            kafka.send(CrmTopics.DOMAIN_REGISTRATION, partner, registrationRequested(partner, "customer-" + i + ".example.com", january.plusSeconds(i)));
        }
        tick(Instant.parse("2022-01-31T00:00:00Z")); // requests dated after business time wait for it (B3)
        awaitRegistrations(partner, "2022-01-31", "ACTIVE", 40);
        assertThat(cap(partner, "2022-01-31").get("cap").intValue()).as("the earlier table: GOLD 500").isEqualTo(500);

        tick(Instant.parse("2022-02-01T00:00:00Z"));
        JsonNode exceeded = awaitPublished(partner, "RegistrationCapExceeded");
        assertThat(exceeded.at("/data/cap").intValue()).isEqualTo(15);
        assertThat(exceeded.at("/data/active").intValue()).isEqualTo(40);
        assertThat(exceeded.at("/data/since").stringValue()).isEqualTo("2022-02-01T00:00:00Z");
        assertThat(exceeded.at("/data/deadline").stringValue()).isEqualTo("2022-04-01T00:00:00Z");
        JsonNode capView = awaitCap(partner, "2022-02-02", view -> view.get("overCap").booleanValue());
        assertThat(capView.get("cap").intValue()).isEqualTo(15);
        assertThat(capView.get("deadline").stringValue()).isEqualTo("2022-04-01T00:00:00Z");

        // over cap: new registrations and extensions are refused
        kafka.send(CrmTopics.DOMAIN_REGISTRATION, partner, registrationRequested(partner, "one-more.example.com", Instant.parse("2022-02-10T00:00:00Z")));
        kafka.send(CrmTopics.DOMAIN_REGISTRATION, partner, extensionRequested(partner, "customer-0.example.com", Instant.parse("2022-02-10T00:00:01Z")));
        tick(Instant.parse("2022-02-11T00:00:00Z"));
        assertThat(awaitPublished(partner, "DomainRegistrationRejected", data -> data.get("domain").stringValue().equals("one-more.example.com"))
                .at("/data/reason").stringValue()).isEqualTo("CAP_REACHED");
        assertThat(awaitPublished(partner, "DomainRegistrationRejected", data -> data.get("domain").stringValue().equals("customer-0.example.com"))
                .at("/data/reason").stringValue()).isEqualTo("OVER_CAP");

        for (int i = 0; i < 20; i++) {
            kafka.send(CrmTopics.DOMAIN_REGISTRATION, partner, releaseRequested(partner, "customer-" + i + ".example.com", Instant.parse("2022-03-01T00:00:00Z").plusSeconds(i)));
        }
        tick(Instant.parse("2022-03-02T00:00:00Z"));
        awaitRegistrations(partner, "2022-03-02", "ACTIVE", 20);
        tick(Instant.parse("2022-04-01T00:00:00Z"));
        JsonNode deadlinePassed = awaitPublished(partner, "RegistrationCapDeadlinePassed");
        assertThat(deadlinePassed.at("/data/active").intValue()).isEqualTo(20);
        assertThat(deadlinePassed.at("/data/cap").intValue()).isEqualTo(15);
        assertThat(deadlinePassed.at("/data/deadline").stringValue()).isEqualTo("2022-04-01T00:00:00Z");
        assertThat(deadlinePassed.get("time").stringValue()).isEqualTo("2022-04-01T00:00:00Z");

        for (int i = 20; i < 25; i++) {
            kafka.send(CrmTopics.DOMAIN_REGISTRATION, partner, releaseRequested(partner, "customer-" + i + ".example.com", Instant.parse("2022-04-10T00:00:00Z")));
        }
        tick(Instant.parse("2022-04-11T00:00:00Z"));
        JsonNode restored = awaitPublished(partner, "RegistrationCapRestored");
        assertThat(restored.at("/data/active").intValue()).isEqualTo(15);
        assertThat(restored.at("/data/restoredAt").stringValue()).isEqualTo("2022-04-10T00:00:00Z");
        JsonNode after = awaitCap(partner, "2022-04-11", view -> !view.get("overCap").booleanValue());
        assertThat(after.get("active").intValue()).isEqualTo(15);
        assertThat(cap(partner, "2022-03-15").get("deadlinePassed").booleanValue()).as("asOf before the deadline").isFalse();
        assertThat(cap(partner, "2022-04-05").get("deadlinePassed").booleanValue()).isTrue();
        for (String route : List.of("/registrations", "/registrations?status=ACTIVE&asOf=2022-03-02", "/registration-cap",
                "/registration-cap?asOf=2022-04-05")) {
            RequestQueryCounter.Counted<Integer> answer = RequestQueryCounter.count(() -> get("/api/partners/" + partner + route).status());
            assertThat(answer.answer()).as(route).isEqualTo(200);
            assertThat(answer.statements()).as("issue 16: one or two indexed queries for " + route).isBetween(1, 2);
        }
        theCapCountsTheActiveRegistrations(partner, "2022-01-10T09:00:05Z", "2022-03-01T00:00:00Z", "2022-03-01T00:00:10Z",
                "2022-04-10T00:00:00Z", "2022-07-10T09:00:30Z");
    }

    @Test
    @Order(2)
    void R1_R3_R4_R5_requests_through_rest_are_decided_like_kafka_ones_with_problem_json_reasons() {
        tick(Instant.parse("2030-01-01T00:00:00Z"));
        String partner = "rest-" + newId();
        String other = "other-" + newId();

        HttpJson.Response created = post("/api/partners/" + partner + "/registrations", "{\"domain\":\"https://WWW.Rest-Example.com:443/contact?x=1\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("domain").stringValue()).isEqualTo("rest-example.com");
        assertThat(created.body().get("validUntil").stringValue()).isEqualTo("2030-07-01T00:00:00Z");

        assertThat(post("/api/partners/" + partner + "/registrations", "{\"domain\":\"rest-example.com.\"}").status())
                .as("the same partner again: the existing registration").isEqualTo(200);

        HttpJson.Response taken = post("/api/partners/" + other + "/registrations", "{\"domain\":\"rest-example.com\"}");
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.contentType()).startsWith("application/problem+json");
        assertThat(taken.body().get("reason").stringValue()).isEqualTo("ALREADY_REGISTERED");

        HttpJson.Response invalid = post("/api/partners/" + partner + "/registrations", "{\"domain\":\"not a domain\"}");
        assertThat(invalid.status()).isEqualTo(409);
        assertThat(invalid.body().get("reason").stringValue()).isEqualTo("INVALID_DOMAIN");
        assertThat(post("/api/partners/" + partner + "/registrations", "{}").status()).isEqualTo(400);
        HttpJson.Response notJson = post("/api/partners/" + partner + "/registrations", "{oops");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.body().toString()).doesNotContain("Exception");

        HttpJson.Response idn = post("/api/partners/" + partner + "/registrations", "{\"domain\":\"Bücher.example\"}");
        assertThat(idn.status()).isEqualTo(201);
        assertThat(idn.body().get("domain").stringValue()).isEqualTo("xn--bcher-kva.example");

        HttpJson.Response extended = post("/api/partners/" + partner + "/registrations/rest-example.com/extension", "");
        assertThat(extended.status()).isEqualTo(200);
        assertThat(extended.body().get("validUntil").stringValue()).isEqualTo("2030-10-01T00:00:00Z");
        assertThat(extended.body().get("extended").booleanValue()).isTrue();
        HttpJson.Response again = post("/api/partners/" + partner + "/registrations/rest-example.com/extension", "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("reason").stringValue()).isEqualTo("ALREADY_EXTENDED");
        assertThat(post("/api/partners/" + partner + "/registrations/unknown.example/extension", "").body().get("reason").stringValue())
                .isEqualTo("NOT_ACTIVE");

        assertThat(delete("/api/partners/" + partner + "/registrations/xn--bcher-kva.example").status()).isEqualTo(204);
        awaitRegistrations(partner, null, "RELEASED", 1);
        assertThat(awaitPublished(partner, "DomainRegistrationReleased").at("/data/domain").stringValue()).isEqualTo("xn--bcher-kva.example");
        assertThat(post("/api/partners/" + other + "/registrations", "{\"domain\":\"bücher.example\"}").status())
                .as("R5: a released domain is free at once").isEqualTo(201);

        JsonNode rejected = awaitPublished(other, "DomainRegistrationRejected");
        assertThat(rejected.at("/data/reason").stringValue()).isEqualTo("ALREADY_REGISTERED");
        assertThat(get("/api/partners/" + partner + "/registrations?status=bogus").status()).isEqualTo(400);
        assertThat(get("/api/partners/nobody-" + newId() + "/registration-cap").status()).isEqualTo(404);
        theCapCountsTheActiveRegistrations(partner, "2030-06-30T23:59:59Z", "2030-07-01T00:00:00Z", "2030-10-01T00:00:00Z");
    }

    @Test
    @Order(3)
    void R8_channel_conflicts_are_opened_listed_and_resolved_partner_direct_and_co_sell() {
        tick(Instant.parse("2031-01-01T00:00:00Z"));
        Instant at = Instant.parse("2031-01-01T00:00:00Z");
        String partner = "conflict-" + newId();
        String direct = "direct-" + newId() + ".example";
        String held = "held-" + newId() + ".example";
        kafka.send(CrmTopics.DOMAIN_REGISTRATION, direct, directOwnerAssigned(direct, "sales-1", at.minusSeconds(60)));
        kafka.send(CrmTopics.DOMAIN_REGISTRATION, partner, registrationRequested(partner, held, at.minusSeconds(30)));
        awaitRegistrations(partner, null, "ACTIVE", 1);
        kafka.send(CrmTopics.DOMAIN_REGISTRATION, held, directOwnerAssigned(held, "sales-2", at.minusSeconds(10)));

        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from domainevententry where aggregateidentifier = ?", Long.class, "domain:" + direct) > 0);
        HttpJson.Response refused = post("/api/partners/" + partner + "/registrations", "{\"domain\":\"" + direct + "\"}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("reason").stringValue()).isEqualTo("CHANNEL_CONFLICT");

        List<JsonNode> open = awaitConflicts(partner, 2);
        JsonNode requestCase = open.stream().filter(c -> c.get("domain").stringValue().equals(direct)).findFirst().orElseThrow();
        JsonNode assignmentCase = open.stream().filter(c -> c.get("domain").stringValue().equals(held)).findFirst().orElseThrow();
        assertThat(requestCase.get("origin").stringValue()).isEqualTo("REQUEST");
        assertThat(assignmentCase.get("directOwnerId").stringValue()).isEqualTo("sales-2");
        assertThat(awaitPublished(partner, "ChannelConflictOpened").at("/data/partnerId").stringValue()).isEqualTo(partner);

        HttpJson.Response coSell = post("/api/admin/conflicts/" + requestCase.get("conflictId").stringValue() + "/resolution",
                "{\"resolution\":\"CO_SELL\"}");
        assertThat(coSell.status()).isEqualTo(200);
        assertThat(coSell.body().at("/registration/coSell").booleanValue()).isTrue();
        assertThat(post("/api/admin/conflicts/" + requestCase.get("conflictId").stringValue() + "/resolution",
                "{\"resolution\":\"DIRECT\"}").status()).as("resolved once").isEqualTo(409);
        assertThat(post("/api/admin/conflicts/" + newId() + "/resolution", "{\"resolution\":\"DIRECT\"}").status()).isEqualTo(404);
        assertThat(post("/api/admin/conflicts/" + requestCase.get("conflictId").stringValue() + "/resolution",
                "{\"resolution\":\"MAYBE\"}").status()).isEqualTo(400);

        HttpJson.Response toDirect = post("/api/admin/conflicts/" + assignmentCase.get("conflictId").stringValue() + "/resolution",
                "{\"resolution\":\"DIRECT\"}");
        assertThat(toDirect.status()).isEqualTo(200);
        assertThat(awaitPublished(partner, "ChannelConflictResolved", data -> data.get("resolution").stringValue().equals("DIRECT"))
                .at("/data/domain").stringValue()).isEqualTo(held);
        assertThat(awaitPublished(partner, "DomainRegistered", data -> data.get("domain").stringValue().equals(direct))
                .at("/data/coSell").booleanValue()).isTrue();
        JsonNode registrations = awaitRegistrations(partner, null, "ACTIVE", 1);
        assertThat(registrations.get(0).get("domain").stringValue()).isEqualTo(direct);
        assertThat(registrations.get(0).get("coSell").booleanValue()).isTrue();
        assertThat(get("/api/admin/conflicts?status=OPEN").body().toString()).doesNotContain(partner);
    }

    @Test
    @Order(4)
    void R5_a_registration_expires_at_the_end_of_its_validity_across_a_leap_day_and_frees_the_slot() {
        String partner = "expiry-" + newId();
        Instant august31 = Instant.parse("2031-08-31T10:00:00Z");
        kafka.send(CrmTopics.DOMAIN_REGISTRATION, partner, registrationRequested(partner, "leap.example", august31));
        tick(Instant.parse("2031-09-01T00:00:00Z"));
        JsonNode registered = awaitPublished(partner, "DomainRegistered");
        assertThat(registered.at("/data/validUntil").stringValue()).as("6 months after Aug 31 is Feb 29 in a leap year")
                .isEqualTo("2032-02-29T10:00:00Z");

        tick(Instant.parse("2032-02-29T09:59:59Z"));
        assertThat(registrations(partner, "2032-02-29T09:59:59Z", "ACTIVE").size()).isOne();
        tick(Instant.parse("2032-02-29T10:00:00Z"));
        JsonNode expired = awaitPublished(partner, "DomainRegistrationExpired");
        assertThat(expired.at("/data/expiredAt").stringValue()).isEqualTo("2032-02-29T10:00:00Z");
        assertThat(expired.get("time").stringValue()).isEqualTo("2032-02-29T10:00:00Z");
        awaitRegistrations(partner, "2032-02-29T10:00:00Z", "EXPIRED", 1);
        theCapCountsTheActiveRegistrations(partner, "2031-08-31T10:00:00Z", "2032-02-29T09:59:59Z", "2032-02-29T10:00:00Z");
        assertThat(jdbc.queryForObject("select count(*) from registration_timer where partner_id = ?", Long.class, partner)).isZero();
        assertThat(post("/api/partners/other-" + newId() + "/registrations", "{\"domain\":\"leap.example\"}").status())
                .as("an expired registration frees the domain").isEqualTo(201);
    }

    @Test
    @Order(5)
    void section4_malformed_messages_are_dead_lettered_duplicates_count_once_and_the_next_valid_one_is_decided() {
        String partner = "bad-" + newId();
        Instant at = Instant.parse("2032-03-01T00:00:00Z");
        String id = newId();
        kafka.send(CrmTopics.DOMAIN_REGISTRATION, partner, "{ not json");
        kafka.send(CrmTopics.DOMAIN_REGISTRATION, partner, dev.prm.testsupport.CrmEvents.cloudEvent(newId(), "DomainRegistrationRequested", at,
                "{\"domain\":\"no-partner.example\"}"));
        kafka.send(CrmTopics.DOMAIN_REGISTRATION, partner, directOwnerAssigned("not a domain", "sales", at));
        kafka.send(CrmTopics.DOMAIN_REGISTRATION, partner, registrationRequested(id, partner, "first.example", at));
        kafka.send(CrmTopics.DOMAIN_REGISTRATION, partner, registrationRequested(id, partner, "second.example", at));
        kafka.send(CrmTopics.DOMAIN_REGISTRATION, partner, registrationRequested(partner, "third.example", at.plusSeconds(1)));
        tick(Instant.parse("2032-03-02T00:00:00Z"));

        JsonNode active = awaitRegistrations(partner, "2032-03-02", "ACTIVE", 2);
        assertThat(active.findValuesAsString("domain")).containsExactly("first.example", "third.example");
        List<ConsumerRecord<String, byte[]>> deadLetters = kafka.readUntil(Topics.deadLetter(CrmTopics.DOMAIN_REGISTRATION),
                        record -> partner.equals(record.key()) && "INVALID_FIELD".equals(KafkaTestClient.header(record, DeadLetterPublisher.REASON)),
                        Duration.ofSeconds(30)).stream().filter(record -> partner.equals(record.key())).toList();
        assertThat(deadLetters).extracting(record -> KafkaTestClient.header(record, DeadLetterPublisher.REASON))
                .containsExactly("NOT_JSON", "MISSING_FIELD", "INVALID_FIELD");
        assertThat(KafkaTestClient.header(deadLetters.get(2), DeadLetterPublisher.DETAIL)).contains("data.domain");
        assertThat(jdbc.queryForObject("select count(*) from processed_event where event_id = ?", Long.class, id)).isOne();
    }

    @Test
    @Order(6)
    void the_service_exposes_its_openapi_document_and_metrics() {
        JsonNode openApi = HttpJson.get(url("/v3/api-docs")).body();
        assertThat(openApi.at("/paths").has("/api/partners/{partnerId}/registrations")).isTrue();
        assertThat(openApi.at("/paths").has("/api/admin/conflicts/{conflictId}/resolution")).isTrue();
        assertThat(HttpJson.getText("http://localhost:" + managementPort + "/actuator/prometheus")).contains("prm_events_consumed_total{");
        assertThat(HttpJson.get(url("/actuator/prometheus"), null).status()).as("not on the public port").isEqualTo(404);
    }

    // B3: facts that can conflict across partitions are decided in the order of their effective times, whatever order
    // they were taken in. Each scenario takes the later-dated fact in first (it waits for business time), then the
    // earlier one, then the tick.

    @Test
    @Order(7)
    void B3_R3_two_partners_asking_for_one_domain_are_decided_in_date_order_whatever_was_taken_in_first() {
        tick(Instant.parse("2040-01-01T00:00:00Z"));
        String run = newId().substring(0, 8);
        String early = "early-" + run;
        String late = "late-" + run;
        String domain = "contested-" + run + ".example";
        takeIn(CrmTopics.DOMAIN_REGISTRATION, late, registrationRequested(late, domain, Instant.parse("2040-01-17T00:00:00Z")));
        takeIn(CrmTopics.DOMAIN_REGISTRATION, early, registrationRequested(early, domain, Instant.parse("2040-01-09T00:00:00Z")));
        tick(Instant.parse("2040-02-01T00:00:00Z"));

        assertThat(awaitPublished(early, "DomainRegistered", data -> data.get("domain").stringValue().equals(domain))
                .at("/data/registeredAt").stringValue()).isEqualTo("2040-01-09T00:00:00Z");
        assertThat(awaitPublished(late, "DomainRegistrationRejected", data -> data.get("domain").stringValue().equals(domain))
                .at("/data/reason").stringValue()).isEqualTo("ALREADY_REGISTERED");
        assertThat(decisions(late, "%RegistrationGranted")).as("the later-dated request is never granted").isZero();
    }

    @Test
    @Order(8)
    void B3_R5_a_request_dated_before_another_partners_release_is_refused_even_when_taken_in_after_it() {
        tick(Instant.parse("2041-01-01T00:00:00Z"));
        String run = newId().substring(0, 8);
        String holder = "holder-" + run;
        String before = "before-" + run;
        String after = "after-" + run;
        String domain = "released-" + run + ".example";
        takeIn(CrmTopics.DOMAIN_REGISTRATION, holder, registrationRequested(holder, domain, Instant.parse("2041-01-02T00:00:00Z")));
        takeIn(CrmTopics.DOMAIN_REGISTRATION, after, registrationRequested(after, domain, Instant.parse("2041-01-25T00:00:00Z")));
        takeIn(CrmTopics.DOMAIN_REGISTRATION, holder, releaseRequested(holder, domain, Instant.parse("2041-01-20T00:00:00Z")));
        takeIn(CrmTopics.DOMAIN_REGISTRATION, before, registrationRequested(before, domain, Instant.parse("2041-01-10T00:00:00Z")));
        tick(Instant.parse("2041-02-01T00:00:00Z"));

        assertThat(awaitPublished(before, "DomainRegistrationRejected", data -> data.get("domain").stringValue().equals(domain))
                .at("/data/reason").stringValue()).isEqualTo("ALREADY_REGISTERED");
        assertThat(awaitPublished(after, "DomainRegistered", data -> data.get("domain").stringValue().equals(domain))
                .at("/data/registeredAt").stringValue()).isEqualTo("2041-01-25T00:00:00Z");
        assertThat(decisions(before, "%RegistrationGranted")).isZero();
    }

    @Test
    @Order(9)
    void B3_R8_requests_meet_the_direct_owner_their_date_falls_under_whatever_was_taken_in_first() {
        tick(Instant.parse("2042-01-01T00:00:00Z"));
        String run = newId().substring(0, 8);
        String between = "between-" + run;
        String ahead = "ahead-" + run;
        String reassigned = "reassigned-" + run + ".example";
        String assignedLater = "assigned-" + run + ".example";
        // a request dated between two assignments of its domain, taken in after both: the first owner holds it then
        takeIn(CrmTopics.DOMAIN_REGISTRATION, reassigned, directOwnerAssigned(reassigned, "sales-1", Instant.parse("2042-01-05T00:00:00Z")));
        takeIn(CrmTopics.DOMAIN_REGISTRATION, reassigned, directOwnerAssigned(reassigned, "sales-2", Instant.parse("2042-01-20T00:00:00Z")));
        takeIn(CrmTopics.DOMAIN_REGISTRATION, between, registrationRequested(between, reassigned, Instant.parse("2042-01-10T00:00:00Z")));
        // a request taken in before an earlier-dated assignment of its domain
        takeIn(CrmTopics.DOMAIN_REGISTRATION, ahead, registrationRequested(ahead, assignedLater, Instant.parse("2042-01-12T00:00:00Z")));
        takeIn(CrmTopics.DOMAIN_REGISTRATION, assignedLater, directOwnerAssigned(assignedLater, "sales-3", Instant.parse("2042-01-08T00:00:00Z")));
        tick(Instant.parse("2042-02-01T00:00:00Z"));

        assertThat(awaitPublished(between, "DomainRegistrationRejected", data -> data.get("domain").stringValue().equals(reassigned))
                .at("/data/reason").stringValue()).isEqualTo("CHANNEL_CONFLICT");
        assertThat(awaitPublished(ahead, "DomainRegistrationRejected", data -> data.get("domain").stringValue().equals(assignedLater))
                .at("/data/reason").stringValue()).isEqualTo("CHANNEL_CONFLICT");
        assertThat(decisions(between, "%RegistrationGranted") + decisions(ahead, "%RegistrationGranted")).isZero();
    }

    /**
     * SPEC B3's example through the broker: P-B's request dated Aug 17 is granted; P-A's for the same domain dated Aug 9
     * arrives after it (both after their tick, as in system-clock mode). The last published decision about each request
     * and the REST answers are the ones time order gives.
     */
    @Test
    @Order(10)
    void B3_revision_a_late_earlier_request_revokes_the_later_grant_through_the_broker_and_rest() {
        tick(Instant.parse("2043-09-01T00:00:00Z"));
        String run = newId().substring(0, 8);
        String pa = "pa-" + run;
        String pb = "pb-" + run;
        String domain = "revised-" + run + ".example";
        kafka.send(CrmTopics.DOMAIN_REGISTRATION, pb, registrationRequested(pb, domain, Instant.parse("2043-08-17T00:00:00Z")));
        awaitPublished(pb, "DomainRegistered", data -> data.get("domain").stringValue().equals(domain));
        kafka.send(CrmTopics.DOMAIN_REGISTRATION, pa, registrationRequested(pa, domain, Instant.parse("2043-08-09T00:00:00Z")));

        assertThat(awaitPublished(pa, "DomainRegistered", data -> data.get("domain").stringValue().equals(domain))
                .at("/data/registeredAt").stringValue()).isEqualTo("2043-08-09T00:00:00Z");
        JsonNode revoked = awaitPublished(pb, "DomainRegistrationRevoked", data -> data.get("domain").stringValue().equals(domain));
        assertThat(revoked.at("/data/reason").stringValue()).isEqualTo("ALREADY_REGISTERED");
        assertThat(revoked.at("/data/effectiveAt").stringValue()).isEqualTo("2043-08-17T00:00:00Z");

        assertThat(awaitRegistrations(pb, null, "REVOKED", 1).get(0).get("domain").stringValue()).isEqualTo(domain);
        assertThat(registrations(pb, null, "ACTIVE")).isEmpty();
        assertThat(registrations(pb, "2043-08-20T00:00:00Z", "ACTIVE")).isEmpty();
        assertThat(cap(pb, "2043-08-20T00:00:00Z").get("active").intValue()).isZero();
        assertThat(registrations(pa, "2043-08-20T00:00:00Z", "ACTIVE")).hasSize(1);
        assertThat(registrations(pa, null, "ACTIVE").get(0).get("registeredAt").stringValue()).isEqualTo("2043-08-09T00:00:00Z");
        theCapCountsTheActiveRegistrations(pb, "2043-08-16T23:59:59Z", "2043-08-17T00:00:00Z", "2043-08-20T00:00:00Z");
    }

    // --- helpers

    /** Sends a fact dated after business time and waits until it is taken in: held until its tick. */
    private void takeIn(String topic, String key, String event) {
        String id = idOf(event);
        kafka.send(topic, key, event);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> jdbc.queryForObject(
                "select count(*) from registration_inbox where event_id = ?", Long.class, id) == 1);
    }

    private long decisions(String partnerId, String payloadType) {
        return jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier = ? and payloadtype like ?",
                Long.class, partnerId, payloadType);
    }

    private static String idOf(String cloudEvent) {
        return JSON.readTree(cloudEvent).get("id").stringValue();
    }

    private void tick(Instant time) {
        kafka.send(CrmTopics.BUSINESS_TIME, "clock", timePassed(time));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            List<Timestamp> now = jdbc.queryForList("select business_now from business_time where id = 1", Timestamp.class);
            return !now.isEmpty() && !now.getFirst().toInstant().isBefore(time);
        });
    }

    @Test
    @Order(98)
    void S4_field_sizes_are_checked_at_the_rest_boundary_and_nothing_over_them_is_stored() {
        String partner = "sizes-" + newId();
        String tooLong = "a".repeat(250) + ".com"; // 254 characters

        HttpJson.Response refused = post("/api/partners/" + partner + "/registrations", "{\"domain\":\"" + tooLong + "\"}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().get("detail").stringValue()).contains("domain").contains("253");
        assertThat(post("/api/partners/" + "p".repeat(257) + "/registrations", "{\"domain\":\"ok.example.com\"}").status())
                .as("a partner id over 256 characters").isEqualTo(400);
        assertThat(delete("/api/partners/" + partner + "/registrations/" + tooLong).status()).isEqualTo(400);
        assertThat(post("/api/partners/" + partner + "/registrations/" + tooLong + "/extension", "").status()).isEqualTo(400);
        assertThat(jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier = ?", Long.class, partner))
                .as("nothing stored about the partner").isZero();

        // at the limit it is a request like any other: 253 characters with a 249-character label is not a valid
        // name, so R1 refuses it INVALID_DOMAIN, a decision that is stored and published
        HttpJson.Response invalid = post("/api/partners/" + partner + "/registrations", "{\"domain\":\"" + "a".repeat(249) + ".com\"}");
        assertThat(invalid.status()).isEqualTo(409);
        assertThat(invalid.body().get("reason").stringValue()).isEqualTo("INVALID_DOMAIN");
    }

    @Test
    @Order(98)
    void S4_request_bodies_over_64_KiB_are_refused_also_when_sent_chunked() {
        String partner = "big-" + newId();
        String big = "{\"domain\":\"big.example.com\",\"pad\":\"" + "x".repeat(70_000) + "\"}";

        HttpJson.Response declared = post("/api/partners/" + partner + "/registrations", big);
        HttpJson.Response chunked = HttpJson.send(HttpRequest.newBuilder(URI.create(url("/api/partners/" + partner + "/registrations")))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big.getBytes()))));
        HttpJson.Response smallChunked = HttpJson.send(HttpRequest.newBuilder(URI.create(url("/api/partners/" + partner + "/registrations")))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        "{\"domain\":\"small-chunked.example.com\"}".getBytes()))));

        assertThat(declared.status()).as("Content-Length over the limit").isEqualTo(413);
        assertThat(declared.contentType()).startsWith("application/problem+json");
        assertThat(chunked.status()).as("chunked, over the limit once read").isEqualTo(413);
        assertThat(smallChunked.status()).as("chunked within the limit").isEqualTo(201);
    }

    @Test
    @Order(98)
    void S5_a_partner_id_that_needs_percent_encoding_registers_with_its_own_token_and_gets_an_encoded_location() throws Exception {
        String id = newId();
        String partner = "P X-ü-" + id;
        String encoded = "P%20X-%C3%BC-" + id;
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url("/api/partners/" + encoded + "/registrations")))
                .header("content-type", "application/json")
                .header("Authorization", "Bearer " + TestTokens.partner(partner))
                .POST(HttpRequest.BodyPublishers.ofString("{\"domain\":\"px-" + id + ".example.com\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location"))
                .hasValue("/api/partners/" + encoded + "/registrations/px-" + id + ".example.com");

        HttpJson.Response own = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> HttpJson.get(url("/api/partners/" + encoded + "/registrations"), TestTokens.partner(partner)),
                        response -> response.status() == 200 && response.body().size() == 1);
        assertThat(own.status()).as("%s", own.body()).isEqualTo(200);
        assertThat(own.body().get(0).get("domain").stringValue()).isEqualTo("px-" + id + ".example.com");
        assertThat(HttpJson.get(url("/api/partners/" + encoded + "/registration-cap"), TestTokens.partner(partner)).status()).isEqualTo(200);
        assertThat(HttpJson.get(url("/api/partners/" + encoded + "/registration-cap"), TestTokens.partner("P X-u-" + id)).status())
                .as("another partner").isEqualTo(404);
    }

    @Test
    @Order(99)
    void the_trace_of_a_rest_request_travels_into_the_events_it_publishes() {
        String partner = "traced-" + newId();
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        HttpJson.Response created = HttpJson.send(HttpRequest.newBuilder(URI.create(url("/api/partners/" + partner + "/registrations")))
                .header("content-type", "application/json")
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .POST(HttpRequest.BodyPublishers.ofString("{\"domain\":\"traced-" + partner + ".example.com\"}")));
        assertThat(created.status()).isEqualTo(201);

        List<ConsumerRecord<String, byte[]>> seen = kafka.readUntil(RegistrationEvents.TOPIC,
                record -> partner.equals(record.key()) && matches(record, "DomainRegistered", data -> true), Duration.ofSeconds(30));
        assertThat(KafkaTestClient.header(seen.getLast(), "traceparent")).startsWith("00-" + traceId + "-");
    }

    private JsonNode awaitPublished(String partner, String type) {
        return awaitPublished(partner, type, data -> true);
    }

    static JsonNode awaitPublished(String partner, String type, Predicate<JsonNode> data) {
        List<ConsumerRecord<String, byte[]>> seen = kafka.readUntil(RegistrationEvents.TOPIC,
                record -> partner.equals(record.key()) && matches(record, type, data), Duration.ofSeconds(30));
        return JSON.readTree(seen.getLast().value());
    }

    private static boolean matches(ConsumerRecord<String, byte[]> record, String type, Predicate<JsonNode> data) {
        JsonNode event = JSON.readTree(record.value());
        return type.equals(event.get("type").stringValue()) && data.test(event.get("data"));
    }

    private JsonNode awaitRegistrations(String partner, String asOf, String status, int count) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> registrations(partner, asOf, status), body -> body != null && body.size() == count);
    }

    private JsonNode registrations(String partner, String asOf, String status) {
        HttpJson.Response response = get("/api/partners/" + partner + "/registrations?status=" + status + (asOf == null ? "" : "&asOf=" + asOf));
        return response.status() == 200 ? response.body() : null;
    }

    /** The cap's active count (counted in SQL) is the number of ACTIVE registrations listed (status decided in Java). */
    private void theCapCountsTheActiveRegistrations(String partner, String... instants) {
        for (String asOf : instants) {
            assertThat(cap(partner, asOf).get("active").intValue()).as("active at " + asOf)
                    .isEqualTo(registrations(partner, asOf, "ACTIVE").size());
        }
    }

    private JsonNode cap(String partner, String asOf) {
        return get("/api/partners/" + partner + "/registration-cap?asOf=" + asOf).body();
    }

    private JsonNode awaitCap(String partner, String asOf, Predicate<JsonNode> wanted) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> cap(partner, asOf), wanted);
    }

    private List<JsonNode> awaitConflicts(String partner, int count) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode all = get("/api/admin/conflicts?status=OPEN").body();
            List<JsonNode> mine = new java.util.ArrayList<>();
            all.forEach(conflict -> {
                if (conflict.get("partnerId").stringValue().equals(partner)) {
                    mine.add(conflict);
                }
            });
            return mine;
        }, mine -> mine.size() == count);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private HttpJson.Response get(String path) {
        return HttpJson.get(url(path));
    }

    private HttpJson.Response post(String path, String json) {
        return HttpJson.send(HttpRequest.newBuilder(URI.create(url(path))).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpJson.Response delete(String path) {
        return HttpJson.send(HttpRequest.newBuilder(URI.create(url(path))).DELETE());
    }
}
