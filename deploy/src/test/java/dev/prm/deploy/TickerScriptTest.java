package dev.prm.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import dev.prm.contracts.CloudEvent;
import dev.prm.contracts.CloudEventCodec;
import dev.prm.testsupport.TestInfrastructure;

/**
 * The business-time ticker (components/event-clock/publish-tick.sh, run by the CronJob and the compose profile)
 * against a real broker, with Kafka's own ConsoleProducer of the broker image's version, exactly the class the
 * image's kafka-console-producer.sh runs. What it publishes is read back with the services' strict reader.
 */
class TickerScriptTest {

    private static final Path SCRIPT = Repository.ROOT.resolve("deploy/kubernetes/components/event-clock/publish-tick.sh");
    private static final String TOPIC = "ticker-test-business-time";
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    static Path kafkaHome;

    private static String bootstrap;

    @BeforeAll
    static void brokerAndConsoleProducer() throws Exception {
        bootstrap = TestInfrastructure.kafkaBootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 4, (short) 1))).all().get();
        }
        KafkaTools.install(kafkaHome, "kafka-console-producer.sh", "org.apache.kafka.tools.ConsoleProducer");
    }

    @Test
    void publishesOneTimePassedTickNowUnderOneKey() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ExternalTool.Result first = tick(bootstrap);
        ExternalTool.Result second = tick(bootstrap);
        Instant after = Instant.now();
        assertThat(first.exitCode()).as("the ticker against a running broker:\n%s", first.describe()).isZero();
        assertThat(second.exitCode()).as("the ticker against a running broker:\n%s", second.describe()).isZero();
        assertThat(first.stderr()).as("the console producer's options are current (no deprecation warnings)").doesNotContainIgnoringCase("deprecated");

        List<ConsumerRecord<String, byte[]>> ticks = readAll();
        assertThat(ticks).as("one message per run").hasSize(2);
        CloudEventCodec codec = new CloudEventCodec();
        List<String> ids = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> tick : ticks) {
            // the services' own reader: a tick it rejected would go to business-time.DLT instead of moving the clock
            CloudEventCodec.Inbound inbound = codec.readInbound("business-time", tick.value());
            CloudEvent event = inbound.envelope();
            assertThat(event.type()).isEqualTo("TimePassed");
            assertThat(event.time()).as("time = now").isBetween(before, after);
            assertThat(UUID.fromString(event.id())).as("id").isNotNull();
            ids.add(event.id());
            assertThat(tick.key()).as("one constant key, so ticks stay in order on one partition").isEqualTo("business-time");
            Header contentType = tick.headers().lastHeader("content-type");
            assertThat(contentType).as("content-type header").isNotNull();
            assertThat(new String(contentType.value(), StandardCharsets.UTF_8)).isEqualTo(CloudEvent.CONTENT_TYPE);
        }
        assertThat(ids).as("every tick has its own id (ids are the services' de-duplication key)").doesNotHaveDuplicates();
        assertThat(ticks.stream().map(ConsumerRecord::partition).distinct()).as("partitions of the ticks").hasSize(1);
    }

    @Test
    void theConsoleProducerTestedHereIsTheOneInTheImage() {
        Map<String, Object> compose = new Yaml().load(Repository.read(Repository.ROOT.resolve("docker-compose.yml")));
        @SuppressWarnings("unchecked")
        String image = String.valueOf(((Map<String, Map<String, Object>>) compose.get("services")).get("business-time-ticker").get("image"));
        assertThat(image).as("the ticker's image runs the Kafka tools of the version tested here")
                .isEqualTo("apache/kafka:" + AppInfoParser.getVersion());
    }

    @Test
    void failsWhenTheBrokerDoesNotAcknowledge() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ExternalTool.Result result = tick("127.0.0.1:" + closedPort);
        assertThat(result.exitCode()).as("a tick that was not acknowledged must fail the job:\n%s", result.describe()).isNotZero();
        assertThat(result.stdout()).doesNotContain("published TimePassed");
    }

    private static ExternalTool.Result tick(String bootstrapServers) {
        return ExternalTool.SH.run(List.of(SCRIPT.toString()),
                Map.of("BOOTSTRAP_SERVERS", bootstrapServers, "KAFKA_HOME", kafkaHome.toString(), "PRM_BUSINESS_TIME_TOPIC", TOPIC),
                List.of("KAFKA_OPTS", "KAFKA_HEAP_OPTS", "JAVA_TOOL_OPTIONS"), Repository.ROOT, TIMEOUT);
    }

    private static List<ConsumerRecord<String, byte[]>> readAll() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(info -> new TopicPartition(TOPIC, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            return records;
        }
    }
}
