package dev.prm.local;

import static dev.prm.local.PortCheck.freePort;
import static dev.prm.testsupport.CrmEvents.dealClosed;
import static dev.prm.testsupport.CrmEvents.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.prm.contracts.crm.CrmTopics;
import dev.prm.testsupport.KafkaTestClient;

/**
 * The process control the fault tests use, on a small real stack (broker, database, tier-service): a killed service
 * comes back on its port and takes in what was published while it was down; the broker and the database stop and
 * come back on their ports with their data, and the service carries on with them.
 */
class LocalStackFaultControlTest {

    private static final Duration TAKEN_IN = Duration.ofMinutes(3);

    private static LocalStack stack;
    private static StackOptions options;
    private static KafkaTestClient kafka;

    @BeforeAll
    static void startStack() throws IOException {
        options = new StackOptions(Path.of(System.getProperty("prm.repository.root", "../..")).toAbsolutePath().normalize(),
                Files.createTempDirectory("prm-fault-control"), freePort(), freePort(), freePort(),
                Map.of(StackOptions.GATEWAY, freePort(), StackOptions.TIER, freePort(), StackOptions.REGISTRATION, freePort(),
                        StackOptions.COMMISSION, freePort()),
                "event", true, List.of(StackOptions.TIER), 1);
        stack = LocalStack.start(options);
        kafka = new KafkaTestClient(options.kafkaBootstrap());
    }

    @AfterAll
    static void stopStack() {
        if (kafka != null) {
            kafka.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void a_killed_service_starts_again_on_its_port_and_takes_in_what_was_published_while_it_was_down() throws SQLException {
        String before = publishDeal();
        awaitTakenIn(before);
        long pid = stack.pid(StackOptions.TIER);

        stack.killService(StackOptions.TIER);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("killed").isFalse();
        String whileDown = publishDeal();
        stack.restartService(StackOptions.TIER);

        assertThat(stack.pid(StackOptions.TIER)).isNotEqualTo(pid);
        assertThat(readiness()).isEqualTo(200);
        awaitTakenIn(whileDown);
        assertThat(takenIn(before)).as("what it took in before the crash is kept").isTrue();
    }

    @Test
    void the_broker_stops_and_starts_again_with_its_data_and_the_service_reconnects() {
        String before = publishDeal();
        awaitTakenIn(before);
        long pid = stack.pid("kafka");

        stack.stopKafka();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("broker stopped").isFalse();
        assertThat(listening(options.kafkaPort())).isFalse();
        stack.restartKafka();

        assertThat(stack.pid("kafka")).isNotEqualTo(pid);
        String after = publishDeal();
        awaitTakenIn(after);
        assertThat(kafka.readUntil(CrmTopics.DEAL_CLOSED, record -> new String(record.value(), StandardCharsets.UTF_8).contains(before),
                Duration.ofSeconds(30))).as("the topic kept its records").isNotEmpty();
    }

    @Test
    void postgres_stops_and_starts_again_with_its_data_and_the_service_carries_on() throws SQLException {
        String before = publishDeal();
        awaitTakenIn(before);
        long postmaster = stack.postmasterPid();

        stack.stopPostgres();
        assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false)).as("postmaster stopped").isFalse();
        assertThatThrownBy(LocalStackFaultControlTest::connect).isInstanceOf(SQLException.class);
        String whileDown = publishDeal();
        stack.restartPostgres();

        assertThat(stack.postmasterPid()).isNotEqualTo(postmaster);
        assertThat(takenIn(before)).as("the data survived").isTrue();
        awaitTakenIn(whileDown);
    }

    private static String publishDeal() {
        String id = newId();
        String partner = "P-" + id.substring(0, 8);
        kafka.send(CrmTopics.DEAL_CLOSED, partner, dealClosed(id, partner, "D-" + id, "100.00", "USD", "US",
                Instant.parse("2026-03-10T09:00:00Z")));
        return id;
    }

    private static void awaitTakenIn(String eventId) {
        await().atMost(TAKEN_IN).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> takenIn(eventId));
    }

    /** Recorded in tier-service's idempotency table, in the transaction of its effect. */
    private static boolean takenIn(String eventId) throws SQLException {
        try (Connection connection = connect();
             PreparedStatement query = connection.prepareStatement("select 1 from processed_event where event_id = ?")) {
            query.setString(1, eventId);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(options.jdbcUrl("prm_tier"), "postgres", "postgres");
    }

    private static int readiness() {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + options.managementPort(StackOptions.TIER)
                    + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
