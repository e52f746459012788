package dev.prm.tier;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.prm.testsupport.HttpJson;
import dev.prm.testsupport.KafkaTestClient;
import dev.prm.testsupport.RequestQueryCounter;
import dev.prm.testsupport.TestInfrastructure;
import tools.jackson.databind.JsonNode;

/**
 * One tier-service on the real broker and database for every integration test class (one Spring context).
 * Business time follows TimePassed ticks (event mode), so tests decide when month ends happen.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "prm.clock.mode=event")
@Import(RequestQueryCounter.class)
abstract class TierServiceIntegrationTest {

    protected static final KafkaTestClient kafka = TestInfrastructure.kafkaClient();

    @LocalServerPort
    protected int port;

    /** Actuator's own port (management.server.port): probes, metrics, projection positions. */
    @LocalManagementPort
    protected int managementPort;

    @Autowired
    protected JdbcTemplate jdbc;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "tier_service_test");
    }

    protected HttpJson.Response get(String path) {
        return HttpJson.get("http://localhost:" + port + path);
    }

    protected JsonNode awaitPoints(String partner, Instant asOf, int deals) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> get("/api/partners/" + partner + "/points?asOf=" + asOf),
                        response -> response.status() == 200 && response.body().at("/deals").size() >= deals)
                .body();
    }
}
