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
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.prm.contracts.crm.CrmTopics;
import dev.prm.platform.clock.BusinessClock;
import dev.prm.testsupport.HttpJson;
import dev.prm.testsupport.KafkaTestClient;
import dev.prm.testsupport.TestInfrastructure;

/**
 * Scale-out: a second instance shares the database and writes aggregates this instance keeps in memory (a REST
 * request there, another instance's month-end step). Decisions here must be taken on what the event store holds,
 * not on this instance's memory of it. One ingestion thread here, so every partner's entries live on it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"prm.clock.mode=event", "prm.ingest.concurrency=1",
                "spring.kafka.consumer.group-id=registration-instances-test"})
class SecondInstanceIntegrationTest {

    private static final KafkaTestClient kafka = TestInfrastructure.kafkaClient();
    private static ConfigurableApplicationContext secondInstance;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    BusinessClock clock;

    @Autowired
    Environment environment;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "registration_instances_test");
    }

    @AfterAll
    static void stopSecondInstance() {
        if (secondInstance != null) {
            secondInstance.close();
        }
    }

    @Test
    void R3_a_domain_released_through_another_instance_is_granted_to_the_next_partner_asking_here() {
        String run = newId().substring(0, 8);
        String holder = "first-" + run;
        String next = "next-" + run;
        String domain = "shared-" + run + ".example";
        Instant now = clock.now();
        kafka.send(CrmTopics.PARTNERS, holder, partnerEnrolled(holder, "PROVIDER", null, now.minusSeconds(3600)));
        kafka.send(CrmTopics.PARTNERS, next, partnerEnrolled(next, "PROVIDER", null, now.minusSeconds(3600)));
        kafka.send(CrmTopics.DOMAIN_REGISTRATION, holder, registrationRequested(holder, domain, now));
        await().atMost(Duration.ofSeconds(30)).until(() -> decisions(holder, "%RegistrationGranted") == 1);

        int released = HttpJson.send(HttpRequest.newBuilder(URI.create(secondInstanceUrl()
                + "/api/partners/" + holder + "/registrations/" + domain)).DELETE()).status();
        assertThat(released).isEqualTo(204);

        kafka.send(CrmTopics.DOMAIN_REGISTRATION, next, registrationRequested(next, domain, now));
        await().atMost(Duration.ofSeconds(30)).until(() -> decisions(next, "%RegistrationGranted")
                + decisions(next, "%RegistrationRejected") == 1);
        assertThat(decisions(next, "%RegistrationGranted"))
                .as("granted: the domain this instance last saw held was released on the other instance").isOne();
    }

    private long decisions(String partnerId, String payloadType) {
        return jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier = ? and payloadtype like ?",
                Long.class, partnerId, payloadType);
    }

    /** The same service on the same database and broker, serving REST only: its Kafka listener never starts. */
    private String secondInstanceUrl() {
        if (secondInstance == null) {
            List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--management.server.port=0", "--prm.clock.mode=event",
                    "--spring.kafka.listener.auto-startup=false", "--spring.kafka.consumer.group-id=registration-instances-test"));
            for (String shared : List.of("spring.datasource.url", "spring.datasource.username", "spring.datasource.password",
                    "spring.kafka.bootstrap-servers", "spring.security.oauth2.resourceserver.jwt.public-key-location",
                    "prm.security.issuer")) {
                arguments.add("--" + shared + "=" + environment.getRequiredProperty(shared));
            }
            secondInstance = new SpringApplicationBuilder(RegistrationServiceApplication.class).run(arguments.toArray(String[]::new));
        }
        return "http://localhost:" + secondInstance.getEnvironment().getRequiredProperty("local.server.port");
    }
}
