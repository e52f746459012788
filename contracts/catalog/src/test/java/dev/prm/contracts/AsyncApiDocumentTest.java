package dev.prm.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.prm.contracts.catalog.ContractCatalog;
import dev.prm.contracts.crm.CrmEvents;
import dev.prm.contracts.tier.TierEvents;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The AsyncAPI document of SPEC §2, §3 and §4 lists exactly the topics and types of the code, with their schemas. */
class AsyncApiDocumentTest {

    private static JsonNode document;

    @BeforeAll
    static void readDocument() throws IOException {
        try (InputStream in = AsyncApiDocumentTest.class.getResourceAsStream("/asyncapi.yaml")) {
            assertThat(in).as("classpath resource /asyncapi.yaml").isNotNull();
            document = YAMLMapper.builder().build().readTree(in);
        }
    }

    static Stream<String> topics() {
        return Stream.concat(ContractCatalog.INBOUND_TOPICS.stream(), ContractCatalog.OUTBOUND_TOPICS.stream());
    }

    static Stream<String> inboundTopics() {
        return ContractCatalog.INBOUND_TOPICS.stream();
    }

    @Test
    @DisplayName("the document is AsyncAPI 3.0 for the PRM event backbone on a Kafka server")
    void header() {
        assertThat(document.path("asyncapi").asString()).isEqualTo("3.0.0");
        assertThat(document.path("info").path("title").asString()).isEqualTo("PRM event backbone");
        assertThat(document.path("info").path("version").asString()).isNotBlank();
        assertThat(document.path("servers").values()).anySatisfy(server -> {
            assertThat(server.path("host").asString()).isEqualTo("localhost:9092");
            assertThat(server.path("protocol").asString()).isEqualTo("kafka");
        });
    }

    @Test
    @DisplayName("§2 §3 §4 the channels are exactly the inbound topics, the outbound topics and the inbound dead-letter topics")
    void channelsAreTheTopics() {
        List<String> expected = new ArrayList<>(ContractCatalog.INBOUND_TOPICS);
        expected.addAll(ContractCatalog.OUTBOUND_TOPICS);
        ContractCatalog.INBOUND_TOPICS.stream().map(Topics::deadLetter).forEach(expected::add);

        assertThat(document.path("channels").values()).map(channel -> channel.path("address").asString())
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    @DisplayName("§2 §3 a topic's messages are exactly its event types, each a CloudEvent with its schema")
    void messagesAreTheTypesOfTheTopic(String topic) {
        JsonNode messages = channel(topic).path("messages");

        assertThat(messages.values()).map(message -> resolve(message).path("name").asString())
                .containsExactlyInAnyOrderElementsOf(EventType.onTopic(topic).stream().map(EventType::typeName).toList());
        for (EventType type : EventType.onTopic(topic)) {
            JsonNode message = resolve(messages.path(type.typeName()));
            assertThat(message.path("contentType").asString()).isEqualTo(CloudEvent.CONTENT_TYPE);
            assertThat(message.path("payload").path("schemaFormat").asString()).isEqualTo("application/schema+json;version=2020-12");
            assertThat(message.path("payload").path("schema").path("$ref").asString()).isEqualTo("." + type.schemaResource());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    @DisplayName("§2 the Kafka key is the partner id, the domain for DirectOwner types, one constant key for the clock")
    void keyIsDescribed(String topic) {
        for (EventType type : EventType.onTopic(topic)) {
            String key = resolve(resolve(channel(topic).path("messages").path(type.typeName())).path("bindings"))
                    .path("kafka").path("key").path("description").asString();
            if (type.typeName().startsWith("DirectOwner")) {
                assertThat(key).as(type.typeName()).startsWith("The domain");
            } else if (type == CrmEvents.TIME_PASSED) {
                assertThat(key).as(type.typeName()).contains("one constant key");
            } else if (type == TierEvents.TIER_DECISIONS_WATERMARK) {
                assertThat(key).as(type.typeName()).contains("every partition");
            } else {
                assertThat(key).as(type.typeName()).startsWith("The partner id");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inboundTopics")
    @DisplayName("§4 a dead-letter topic's messages carry the headers that say why")
    void deadLettersCarryTheirReasons(String topic) {
        JsonNode messages = channel(Topics.deadLetter(topic)).path("messages");
        assertThat(messages.size()).isEqualTo(1);
        JsonNode headers = resolve(resolve(messages.values().iterator().next()).path("headers"));

        List<String> reasons = List.of("dlt-reason", "dlt-detail", "dlt-original-topic", "dlt-original-partition",
                "dlt-original-offset", "dlt-consumer-group");
        assertThat(headers.path("properties").propertyNames()).containsExactlyInAnyOrderElementsOf(reasons);
        assertThat(headers.path("required").values()).map(JsonNode::asString).containsExactlyInAnyOrderElementsOf(reasons);
    }

    @Test
    @DisplayName("§2 §3 §4 the services receive the inbound topics and send the outbound and dead-letter topics")
    void operations() {
        Map<String, String> expected = new HashMap<>();
        ContractCatalog.INBOUND_TOPICS.forEach(topic -> expected.put(topic, "receive"));
        ContractCatalog.INBOUND_TOPICS.forEach(topic -> expected.put(Topics.deadLetter(topic), "send"));
        ContractCatalog.OUTBOUND_TOPICS.forEach(topic -> expected.put(topic, "send"));

        Map<String, String> actual = new HashMap<>();
        for (JsonNode operation : document.path("operations").values()) {
            JsonNode channel = resolve(operation.path("channel"));
            String address = channel.path("address").asString();
            assertThat(actual.put(address, operation.path("action").asString())).as("one operation on %s", address).isNull();
            // An operation's messages must be messages of its own channel, all of them.
            assertThat(operation.path("messages").values()).map(message -> resolve(message).path("name").asString())
                    .containsExactlyInAnyOrderElementsOf(channel.path("messages").values().stream()
                            .map(message -> resolve(message).path("name").asString()).toList());
            assertThat(operation.path("messages").values())
                    .allSatisfy(message -> assertThat(message.path("$ref").asString())
                            .startsWith("#/channels/" + channelId(address) + "/messages/"));
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    @DisplayName("every $ref resolves: in the document, or to a schema resource beside it")
    void everyReferenceResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);

        assertThat(refs).isNotEmpty().allSatisfy(ref -> {
            if (ref.startsWith("#/")) {
                assertThat(document.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
            } else {
                assertThat(ref).startsWith("./schemas/v1/");
                assertThat(AsyncApiDocumentTest.class.getResource(ref.substring(1))).as(ref).isNotNull();
            }
        });
    }

    private static JsonNode channel(String address) {
        return document.path("channels").path(channelId(address));
    }

    private static String channelId(String address) {
        return document.path("channels").propertyStream()
                .filter(entry -> entry.getValue().path("address").asString().equals(address))
                .map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new AssertionError("no channel for " + address));
    }

    /** Follows local references ({@code #/...}) until a node that is not one. */
    private static JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        while (current.path("$ref").asString("").startsWith("#/")) {
            current = document.at(current.path("$ref").asString().substring(1));
        }
        return current;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject() && node.path("$ref").isString()) {
            refs.add(node.path("$ref").asString());
        }
        node.values().forEach(child -> collectRefs(child, refs));
    }
}
