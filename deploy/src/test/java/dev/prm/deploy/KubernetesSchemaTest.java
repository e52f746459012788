package dev.prm.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** The offline schema check finds the mistakes it exists for, and accepts what is right. */
class KubernetesSchemaTest {

    private static final KubernetesSchema SCHEMA = new KubernetesSchema();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: demo}
            spec:
              selector: {matchLabels: {app: demo}}
              template:
                metadata: {labels: {app: demo}}
                spec:
                  containers:
                    - name: demo
                      image: demo:1.0
                      ports: [{name: http, containerPort: 8080}]
                      readinessProbe: {httpGet: {path: /ready, port: http}}
                      resources: {limits: {cpu: "1", memory: 512Mi}}
            """;

    @Test
    void acceptsAValidDeployment() throws Exception {
        assertThat(check(DEPLOYMENT)).isEmpty();
    }

    @Test
    void findsAMisspelledFieldDeepInside() throws Exception {
        assertThat(check(DEPLOYMENT.replace("readinessProbe", "readinesProbe")))
                .anySatisfy(problem -> assertThat(problem).contains("readinesProbe"));
        assertThat(check(DEPLOYMENT.replace("{path: /ready", "{paht: /ready")))
                .anySatisfy(problem -> assertThat(problem).contains("paht"));
    }

    @Test
    void findsAStringWhereANumberBelongs() throws Exception {
        assertThat(check(DEPLOYMENT.replace("containerPort: 8080", "containerPort: \"8080\"")))
                .anySatisfy(problem -> assertThat(problem).contains("containerPort"));
    }

    @Test
    void findsAnUnknownApiVersionOrKind() throws Exception {
        assertThat(check(DEPLOYMENT.replace("apps/v1", "apps/v2"))).anySatisfy(problem -> assertThat(problem).contains("apps/v2"));
        assertThat(check(DEPLOYMENT.replace("kind: Deployment", "kind: Deploymnet"))).anySatisfy(problem -> assertThat(problem).contains("Deploymnet"));
    }

    @Test
    void checksStrimziTopicsWithStrimzisModel() throws Exception {
        String topic = """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: demo, labels: {strimzi.io/cluster: prm}}
                spec: {topicName: demo.DLT, partitions: 4, replicas: 1, config: {retention.ms: "-1"}}
                """;
        assertThat(check(topic)).isEmpty();
        assertThat(check(topic.replace("partitions:", "partition:"))).anySatisfy(problem -> assertThat(problem).contains("partition"));
        assertThat(check(topic.replace("kafka.strimzi.io/v1", "kafka.strimzi.io/v2"))).isNotEmpty();
    }

    private static List<String> check(String yaml) throws Exception {
        JsonNode document = YAML.readTree(yaml);
        return SCHEMA.check("test", document);
    }
}
