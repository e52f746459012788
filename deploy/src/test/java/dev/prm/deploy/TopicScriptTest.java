package dev.prm.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.prm.testsupport.TestInfrastructure;

/**
 * deploy/compose/create-topics.sh, the compose stack's one-shot topic job, against a real broker with Kafka's own
 * TopicCommand (what the image's kafka-topics.sh runs): topics and dead-letter topics with their partitions and
 * retention, and a second run that creates nothing.
 */
class TopicScriptTest {

    private static final Path SCRIPT = Repository.ROOT.resolve("deploy/compose/create-topics.sh");

    @TempDir
    Path kafkaHome;

    @Test
    void createsTopicsAndDeadLetterTopicsOnceWithTheirPartitionsAndRetention() throws Exception {
        KafkaTools.install(kafkaHome, "kafka-topics.sh", "org.apache.kafka.tools.TopicCommand");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String facts = "script-facts-" + suffix;
        String decisions = "script-decisions-" + suffix;
        Map<String, String> environment = Map.of("BOOTSTRAP_SERVERS", TestInfrastructure.kafkaBootstrapServers(),
                "KAFKA_HOME", kafkaHome.toString(), "PRM_TOPICS", facts + " " + decisions, "PRM_DEAD_LETTER_TOPICS", facts,
                "PRM_TOPIC_PARTITIONS", "3");

        ExternalTool.Result first = run(environment);
        assertThat(first.exitCode()).as("first run:\n%s", first.describe()).isZero();
        assertThat(first.stdout()).contains("all topics present");

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers()))) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(facts, decisions, facts + ".DLT")).allTopicNames().get();
            topics.forEach((name, topic) -> assertThat(topic.partitions()).as("partitions of %s", name).hasSize(3));
            assertThat(retention(admin, facts)).as("facts are kept").isEqualTo("-1");
            assertThat(retention(admin, decisions)).isEqualTo("-1");
            assertThat(retention(admin, facts + ".DLT")).as("dead letters for 30 days").isEqualTo("2592000000");
            assertThat(config(admin, facts + ".DLT", "max.message.bytes")).as("a 1 MiB original with its reasons fits (SPEC §4)")
                    .isEqualTo("2097152");
            assertThat(admin.listTopics().names().get()).doesNotContain(decisions + ".DLT");
        }

        ExternalTool.Result second = run(environment);
        assertThat(second.exitCode()).as("second run:\n%s", second.describe()).isZero();
        assertThat(second.stdout()).contains("topic " + facts + " exists", "topic " + decisions + " exists", "topic " + facts + ".DLT exists");
        assertThat(second.stdout()).doesNotContain("Created topic");
    }

    @Test
    void failsWithoutItsSettings() {
        ExternalTool.Result result = ExternalTool.SH.run(List.of(SCRIPT.toString()), Map.of("BOOTSTRAP_SERVERS", "127.0.0.1:1"),
                List.of("PRM_TOPICS", "PRM_DEAD_LETTER_TOPICS", "PRM_TOPIC_PARTITIONS"), Repository.ROOT, Duration.ofSeconds(30));
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("PRM_TOPICS is not set");
    }

    private static String retention(Admin admin, String topic) throws Exception {
        return config(admin, topic, "retention.ms");
    }

    private static String config(Admin admin, String topic, String name) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        return config.get(name).value();
    }

    private ExternalTool.Result run(Map<String, String> environment) {
        return ExternalTool.SH.run(List.of(SCRIPT.toString()), environment, List.of("KAFKA_OPTS", "KAFKA_HEAP_OPTS", "JAVA_TOOL_OPTIONS"),
                Repository.ROOT, Duration.ofMinutes(3));
    }
}
