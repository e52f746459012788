package dev.prm.local;

import static dev.prm.testsupport.CrmEvents.dealClosed;
import static dev.prm.testsupport.CrmEvents.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.prm.contracts.Topics;
import dev.prm.testsupport.HttpJson;
import dev.prm.testsupport.KafkaTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The README's first command, as a test: the real broker, the real database and the four services from their
 * jars. A DealClosed published to Kafka is readable through the gateway; duplicates count once; a malformed
 * message is dead-lettered while the next valid one lands; stopping leaves no process behind.
 */
class LocalStackEndToEndTest {

    private static LocalStack stack;
    private static KafkaTestClient kafka;
    private static List<Long> pids;

    @BeforeAll
    static void startStack() throws IOException {
        Path dataDir = Files.createTempDirectory("prm-e2e");
        StackOptions options = new StackOptions(
                Path.of(System.getProperty("prm.repository.root", "..")).toAbsolutePath().normalize(), dataDir,
                freePort(), freePort(), freePort(),
                Map.of(StackOptions.GATEWAY, freePort(), StackOptions.TIER, freePort(),
                        StackOptions.REGISTRATION, freePort(), StackOptions.COMMISSION, freePort()),
                "system", true, StackOptions.ALL_SERVICES);
        stack = LocalStack.start(options);
        pids = stack.pids();
        kafka = new KafkaTestClient(options.kafkaBootstrap());
    }

    @AfterAll
    static void stopStack() {
        if (kafka != null) {
            kafka.close();
        }
        if (stack != null) {
            stack.close();
            assertThat(pids).allSatisfy(pid ->
                    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("process %d", pid).isFalse());
        }
    }

    @Test
    void a_deal_closed_on_kafka_is_readable_through_the_gateway_once_even_when_repeated() {
        String partner = "P-" + newId();
        Instant closedAt = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String id = newId();
        kafka.send(Topics.DEAL_CLOSED, partner, dealClosed(id, partner, "D-1", "1000.00", "USD", "BR", closedAt));
        kafka.send(Topics.DEAL_CLOSED, partner, dealClosed(id, partner, "D-1", "1000.00", "USD", "BR", closedAt));
        kafka.send(Topics.DEAL_CLOSED, partner, dealClosed(newId(), partner, "D-2", "200.00", "USD", "US", closedAt.plusSeconds(5)));

        JsonNode points = awaitPoints(partner, 2);

        // D-1: 10 units × 5 × 2 (BR is an emerging market) = 100; D-2: 2 units × 5 = 10
        assertThat(points.at("/deals/0/points").decimalValue()).isEqualByComparingTo("100");
        assertThat(points.at("/deals/1/points").decimalValue()).isEqualByComparingTo("10");
        assertThat(points.at("/totals/total12m").decimalValue()).isEqualByComparingTo("110");
    }

    @Test
    void a_malformed_message_goes_to_the_dead_letter_topic_and_the_next_valid_one_is_processed() {
        String partner = "P-" + newId();
        kafka.send(Topics.DEAL_CLOSED, partner, "not a cloud event");
        kafka.send(Topics.DEAL_CLOSED, partner, dealClosed(newId(), partner, "D-ok", "100", "USD", "US", Instant.now().minusSeconds(60)));

        awaitPoints(partner, 1);
        var deadLetters = kafka.readUntil(Topics.deadLetter(Topics.DEAL_CLOSED), record -> partner.equals(record.key()),
                Duration.ofSeconds(30));
        assertThat(KafkaTestClient.header(deadLetters.getLast(), "dlt-reason")).isEqualTo("NOT_JSON");
    }

    @Test
    void the_gateway_answers_problem_json_for_an_unknown_partner() {
        HttpJson.Response response = HttpJson.get(gateway() + "/api/partners/nobody-" + newId() + "/points");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    private static JsonNode awaitPoints(String partner, int deals) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> HttpJson.get(gateway() + "/api/partners/" + partner + "/points"),
                        response -> response.status() == 200 && response.body().at("/deals").size() >= deals)
                .body();
    }

    private static String gateway() {
        return "http://localhost:" + stack.options().port(StackOptions.GATEWAY);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
