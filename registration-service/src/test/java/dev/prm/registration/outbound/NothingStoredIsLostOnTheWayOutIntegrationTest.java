package dev.prm.registration.outbound;

import static dev.prm.testsupport.CrmEvents.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.eventhandling.EventHandler;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.prm.contracts.registration.RegistrationEvents;
import dev.prm.testsupport.HttpJson;
import dev.prm.testsupport.RestartableKafkaBroker;
import dev.prm.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * SPEC §4, nothing stored is lost on the way out: decisions made while the broker is away are stored, their
 * publication fails, and every one of them reaches registration-events once the broker is back. The broker is
 * this test's own (a process it stops and starts again, keeping its data), never the JVM's shared one.
 * <p>
 * The first outage starts before anything was published, so the producer has no metadata of the topic and
 * refuses each send at once ({@code max.block.ms}); the second comes after, so sends are buffered and expire
 * ({@code delivery.timeout.ms}). Consumers de-duplicate by CloudEvent id, so a decision sent twice counts once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.consumer.group-id=outbound-outage-test",
        "spring.kafka.producer.properties.max.block.ms=2000",
        "spring.kafka.producer.properties.request.timeout.ms=2000",
        "spring.kafka.producer.properties.delivery.timeout.ms=4000",
        "spring.kafka.producer.properties.reconnect.backoff.max.ms=500"})
@DirtiesContext
class NothingStoredIsLostOnTheWayOutIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static RestartableKafkaBroker broker;

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws Exception {
        TestInfrastructure.register(registry, "registration_outage_test");
        Path directory = Files.createDirectories(Path.of("target", "outage-kafka-" + UUID.randomUUID()));
        broker = new RestartableKafkaBroker(directory.toAbsolutePath()).start();
        registry.add("spring.kafka.bootstrap-servers", broker::bootstrapServers);
    }

    @Test
    void S4_decisions_stored_while_the_broker_is_away_are_all_published_once_it_is_back() {
        String partner = "outage-" + newId();

        broker.stop();
        decide(partner, "before-any-publication", 3);
        letThePublisherTry();
        broker.start();
        decide(partner, "while-catching-up", 2);
        awaitEveryStoredDecisionPublished(partner);
        double failuresAfterFirstOutage = publishFailures();
        assertThat(failuresAfterFirstOutage).as("failed sends are counted").isPositive();

        broker.stop();
        decide(partner, "after-publications", 3);
        letThePublisherTry();
        broker.start();
        awaitEveryStoredDecisionPublished(partner);
        assertThat(publishFailures()).isGreaterThan(failuresAfterFirstOutage);
        assertThat(meters.get("prm.event.processor.failures").tag("processor", "registration-events-publisher").counter().count())
                .as("the publisher's failed batches are counted").isPositive();
    }

    /** Longer than max.block.ms and delivery.timeout.ms: the publisher's sends have failed by then. */
    private static void letThePublisherTry() {
        await().pollDelay(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(7)).until(() -> true);
    }

    /** Grants (8 in all: under the cap of 10 of a partner with no tier), and an INVALID_DOMAIN refusal (stored and published too). */
    private void decide(String partner, String phase, int grants) {
        for (int i = 0; i < grants; i++) {
            assertThat(post("/api/partners/" + partner + "/registrations", "{\"domain\":\"" + phase + "-" + i + ".example.com\"}").status())
                    .isEqualTo(201);
        }
        assertThat(post("/api/partners/" + partner + "/registrations", "{\"domain\":\"not a domain " + phase + "\"}").status())
                .isEqualTo(409);
    }

    private void awaitEveryStoredDecisionPublished(String partner) {
        Set<String> stored = storedDecisions(partner);
        assertThat(stored).isNotEmpty();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(publishedIds(partner)).containsAll(stored));
        assertThat(publishedIds(partner)).as("nothing published that was not stored").isEqualTo(stored);
    }

    /** Ids of the stored events about the partner that RegistrationEventsPublisher forwards. */
    private Set<String> storedDecisions(String partner) {
        List<String> published = Arrays.stream(RegistrationEventsPublisher.class.getDeclaredMethods())
                .filter(method -> method.isAnnotationPresent(EventHandler.class))
                .map(Method::getParameterTypes).map(types -> types[0].getName()).toList();
        return new HashSet<>(jdbc.queryForList(
                "select eventidentifier from domainevententry where aggregateidentifier = ? and payloadtype = any(?)",
                String.class, partner, published.toArray(String[]::new)));
    }

    /** Distinct CloudEvent ids on registration-events keyed by the partner: what a de-duplicating consumer sees. */
    private Set<String> publishedIds(String partner) {
        Set<String> ids = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(RegistrationEvents.TOPIC, Duration.ofSeconds(5)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(5)));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (partner.equals(record.key())) {
                        ids.add(JSON.readTree(record.value()).get("id").stringValue());
                    }
                }
            }
        }
        return ids;
    }

    private double publishFailures() {
        var counter = meters.find("prm.events.publish.failures").tag("topic", RegistrationEvents.TOPIC).counter();
        return counter == null ? 0 : counter.count();
    }

    private HttpJson.Response post(String path, String json) {
        return HttpJson.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }
}
