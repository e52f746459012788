package dev.prm.registration;

import static dev.prm.registration.RegistrationEvents.partnerEnrolled;
import static dev.prm.registration.RegistrationEvents.registrationRequested;
import static dev.prm.testsupport.CrmEvents.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.prm.contracts.crm.CrmTopics;
import dev.prm.platform.clock.BusinessClock;
import dev.prm.testsupport.HttpJson;
import dev.prm.testsupport.KafkaTestClient;
import dev.prm.testsupport.TestInfrastructure;

/**
 * R3 under contention: partners ask for the same domains and for their last free slots at the same instant,
 * half through REST on many threads, half through Kafka. A domain is granted to one partner at most, and no
 * partner goes over its cap. (Business time is not moved here: the other test class owns the ticks.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"prm.clock.mode=event", "spring.kafka.consumer.group-id=registration-concurrency-test"})
class ConcurrentRegistrationIntegrationTest {

    private static final int PARTNERS = 6;
    private static final int DOMAINS = 40;
    private static final int REST_THREADS = 8;
    private static final KafkaTestClient kafka = TestInfrastructure.kafkaClient();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    BusinessClock clock;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "registration_concurrency_test");
    }


    @Test
    void R3_a_domain_is_held_by_one_partner_and_no_partner_exceeds_its_cap_when_rest_and_kafka_race() throws Exception {
        String run = newId().substring(0, 8);
        Instant now = clock.now();
        List<String> partners = new ArrayList<>();
        for (int p = 0; p < PARTNERS; p++) {
            String partner = "race-" + run + "-" + p;
            partners.add(partner);
            kafka.send(CrmTopics.PARTNERS, partner, partnerEnrolled(partner, "PROVIDER", null, now.minusSeconds(3600)));
        }
        for (String partner : partners) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                HttpJson.Response cap = HttpJson.get(url("/api/partners/" + partner + "/registration-cap"));
                return cap.status() == 200 && cap.body().get("kind").stringValue().equals("PROVIDER");
            });
        }
        int cap = HttpJson.get(url("/api/partners/" + partners.getFirst() + "/registration-cap")).body().get("cap").intValue();

        record Request(String partner, String domain, boolean viaRest) {
        }
        List<Request> requests = new ArrayList<>();
        Random random = new Random(42);
        for (int d = 0; d < DOMAINS; d++) {
            for (String partner : partners) {
                requests.add(new Request(partner, "pool-" + d + "." + run + ".example", random.nextBoolean()));
            }
        }
        Collections.shuffle(requests, random);

        ExecutorService pool = Executors.newFixedThreadPool(REST_THREADS + 1);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> restStatuses = new ArrayList<>();
        for (Request request : requests) {
            if (request.viaRest()) {
                restStatuses.add(pool.submit(() -> {
                    start.await();
                    return HttpJson.send(HttpRequest.newBuilder(URI.create(url("/api/partners/" + request.partner() + "/registrations")))
                            .header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"domain\":\"" + request.domain() + "\"}"))).status();
                }));
            }
        }
        pool.submit(() -> {
            start.await();
            for (Request request : requests) {
                if (!request.viaRest()) {
                    kafka.send(CrmTopics.DOMAIN_REGISTRATION, request.partner(), registrationRequested(request.partner(), request.domain(), now));
                }
            }
            return null;
        });
        start.countDown();
        for (Future<Integer> status : restStatuses) {
            assertThat(status.get(60, TimeUnit.SECONDS)).isIn(201, 409);
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        // every request is decided exactly once: granted or rejected
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> decisions(run, "%RegistrationGranted")
                + decisions(run, "%RegistrationRejected") == requests.size());

        List<Map<String, Object>> grantsPerDomain = jdbc.queryForList("""
                select convert_from(payload, 'UTF8')::jsonb ->> 'domain' as domain, count(*) as grants
                from domainevententry where aggregateidentifier like ? and payloadtype like '%RegistrationGranted'
                group by 1""", "race-" + run + "-%");
        assertThat(grantsPerDomain).allSatisfy(row -> assertThat(((Number) row.get("grants")).intValue()).isOne());
        assertThat(grantsPerDomain).hasSize(Math.min(DOMAINS, PARTNERS * cap));

        for (String partner : partners) {
            long granted = jdbc.queryForObject("""
                    select count(*) from domainevententry where aggregateidentifier = ? and payloadtype like '%RegistrationGranted'""",
                    Long.class, partner);
            assertThat(granted).as("grants of %s (cap %d)", partner, cap).isLessThanOrEqualTo(cap);
            if (PARTNERS * cap <= DOMAINS) {
                assertThat(granted).as("a partner that asked for more than its cap fills it").isEqualTo(cap);
            }
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "select count(*) from registration_view where partner_id like ?", Long.class, "race-" + run + "-%"))
                .isEqualTo(grantsPerDomain.size()));
        assertThat(jdbc.queryForObject("""
                select count(*) from (select domain from registration_view where partner_id like ? group by domain having count(*) > 1) twice""",
                Long.class, "race-" + run + "-%")).isZero();
    }

    private long decisions(String run, String payloadType) {
        return jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier like ? and payloadtype like ?",
                Long.class, "race-" + run + "-%", payloadType);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
