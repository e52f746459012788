package dev.prm.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import dev.prm.contracts.crm.CrmTopics;
import dev.prm.testsupport.KafkaTestClient;
import dev.prm.testsupport.TestInfrastructure;

/** {@code bin/simulate} against a real broker: what it publishes is the history, topic by topic, key by key, in order. */
class SimulatorKafkaIntegrationTest {

    @Test
    void the_command_publishes_the_whole_history_with_its_keys_counts_and_per_key_order() {
        String bootstrap = TestInfrastructure.kafkaBootstrapServers();
        // a seed of its own: these partners and ids are nobody else's on the shared broker
        String[] args = {"--bootstrap=" + bootstrap, "--seed=" + Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 1_000_000_000L), "--partners=25", "--months=2",
                "--events-per-month=150", "--redelivery-share=0.05", "--await-services=false"};
        List<SimulatedEvent> expected = new ArrayList<>();
        new CrmHistory(SimulateOptions.parse(args).settings()).forEach(expected::add);

        String output = runCommand(args);

        assertThat(output).contains("published     %,d events".formatted(expected.size()));
        for (String topic : CrmTopics.ALL) {
            Set<String> ours = expected.stream().filter(e -> e.topic().equals(topic)).map(SimulatedEvent::json).collect(Collectors.toSet());
            long count = expected.stream().filter(e -> e.topic().equals(topic)).count();
            assertThat(count).as(topic).isPositive();
            List<ConsumerRecord<String, byte[]>> read = readOurs(topic, ours, count);

            assertThat(read).hasSize((int) count);
            assertThat(perKey(read.stream().map(r -> new String[] {r.key(), new String(r.value(), StandardCharsets.UTF_8)}).toList()))
                    .as("%s: every key's events, in the order generated", topic)
                    .isEqualTo(perKey(expected.stream().filter(e -> e.topic().equals(topic)).map(e -> new String[] {e.key(), e.json()}).toList()));
        }
    }

    @Test
    void the_lag_of_a_running_group_is_what_it_has_not_committed_and_absent_groups_are_left_out() {
        String bootstrap = TestInfrastructure.kafkaBootstrapServers();
        String topic = "sim-lag-" + UUID.randomUUID();
        String group = "sim-lag-group-" + UUID.randomUUID();
        KafkaTestClient kafka = TestInfrastructure.kafkaClient();
        for (int i = 0; i < 10; i++) {
            kafka.send(topic, "one-key", "{\"n\":" + i + "}");
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new StringDeserializer());
             ServiceLag lag = new ServiceLag(bootstrap, List.of(group, "no-such-service-" + UUID.randomUUID()))) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < 10 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            assertThat(records).hasSize(10);
            TopicPartition partition = new TopicPartition(topic, records.getFirst().partition());

            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(4)));
            ServiceLag.Reading behind = awaitStable(lag);

            assertThat(behind.running()).containsExactly(group);
            assertThat(behind.lag()).isEqualTo(6);

            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(10)));

            assertThat(lag.awaitCaughtUp(Duration.ofMillis(500), Duration.ofSeconds(30), remaining -> { })).isPresent();
        }
        try (ServiceLag nobody = new ServiceLag(bootstrap, List.of("no-such-service-" + UUID.randomUUID()))) {
            assertThat(nobody.read().running()).isEmpty();
            assertThat(nobody.awaitCaughtUp(Duration.ofMillis(500), Duration.ofSeconds(30), remaining -> { })).isEqualTo(Optional.empty());
        }
    }

    private static ServiceLag.Reading awaitStable(ServiceLag lag) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        ServiceLag.Reading reading = lag.read();
        while (reading.rebalancing() && System.nanoTime() < deadline) {
            reading = lag.read();
        }
        return reading;
    }

    private static String runCommand(String[] args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Simulate.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String output = out.toString(StandardCharsets.UTF_8);
        System.out.print(output);
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return output;
    }

    /** The records of the topic that are events of this history (the broker is shared), as many as expected. */
    private static List<ConsumerRecord<String, byte[]>> readOurs(String topic, Set<String> ours, long count) {
        long[] seen = {0};
        return TestInfrastructure.kafkaClient().readUntil(topic,
                        record -> ours.contains(new String(record.value(), StandardCharsets.UTF_8)) && ++seen[0] == count,
                        Duration.ofSeconds(60)).stream()
                .filter(record -> ours.contains(new String(record.value(), StandardCharsets.UTF_8))).toList();
    }

    private static Map<String, List<String>> perKey(List<String[]> keyAndValue) {
        Map<String, List<String>> perKey = new HashMap<>();
        keyAndValue.forEach(pair -> perKey.computeIfAbsent(pair[0], k -> new ArrayList<>()).add(pair[1]));
        return perKey;
    }
}
