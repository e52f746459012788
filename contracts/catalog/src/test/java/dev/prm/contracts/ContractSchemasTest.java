package dev.prm.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.networknt.schema.Error;

import tools.jackson.databind.JsonNode;

/** The JSON Schemas of SPEC §2 and §3: one per event type, valid, and describing that type's whole CloudEvent. */
class ContractSchemasTest {

    static List<EventType> allTypes() {
        return EventType.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allTypes")
    @DisplayName("§2 §3 every event type has a schema resource that is a valid draft 2020-12 schema")
    void everyTypeHasAValidSchema(EventType type) {
        JsonNode schema = ContractSchemas.document(type);

        assertThat(schema.path("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(ContractSchemas.metaSchema().validate(schema)).map(Error::toString).isEmpty();
        assertThat(ContractSchemas.schema(type).validate(ContractSchemas.JSON.createObjectNode()))
                .as("an empty object is no CloudEvent").isNotEmpty();
        assertThat(undeclaredRequired(schema, "")).as("required but not declared in properties").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allTypes")
    @DisplayName("§2 §3 a schema describes its type's whole CloudEvent: specversion, type and dataschema fixed, data required")
    void schemaDescribesTheWholeCloudEvent(EventType type) {
        JsonNode schema = ContractSchemas.document(type);
        JsonNode properties = schema.path("properties");

        assertThat(schema.path("$id").asString()).isEqualTo("urn:prm:schema:" + type.topic() + ":" + type.typeName() + ":v1");
        assertThat(schema.path("title").asString()).isEqualTo(type.typeName());
        assertThat(schema.path("description").asString()).contains("`" + type.topic() + "`");
        assertThat(names(schema.path("required"))).containsExactlyInAnyOrder("specversion", "id", "source", "type", "time", "data");
        assertThat(properties.path("specversion").path("const").asString()).isEqualTo(CloudEvent.SPEC_VERSION);
        assertThat(properties.path("type").path("const").asString()).isEqualTo(type.typeName());
        assertThat(properties.path("dataschema").path("enum").get(0).asString()).isEqualTo(type.dataschema());
        assertThat(properties.path("data").path("type").asString()).isEqualTo("object");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outboundTypes")
    @DisplayName("§3 an outbound schema declares exactly the fields of its record, all required, as Jackson writes them all")
    void outboundSchemaMatchesItsRecord(EventType type) {
        JsonNode data = ContractSchemas.document(type).path("properties").path("data");
        List<String> components = Arrays.stream(type.dataType().getRecordComponents()).map(RecordComponent::getName).toList();

        assertThat(data.path("properties").propertyNames()).containsExactlyInAnyOrderElementsOf(components);
        assertThat(names(data.path("required"))).containsExactlyInAnyOrderElementsOf(components);
    }

    @Test
    @DisplayName("§2 §3 the schema folders of the contracts hold exactly one schema per event type")
    void noStraySchemaFiles() throws IOException, URISyntaxException {
        List<String> files = new ArrayList<>();
        for (URL folder : Collections.list(ContractSchemas.class.getClassLoader().getResources("schemas"))) {
            URI uri = folder.toURI();
            if (uri.getScheme().equals("jar")) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    files.addAll(schemaFiles(jar.getPath("/schemas")));
                }
            } else {
                files.addAll(schemaFiles(Path.of(uri)));
            }
        }

        assertThat(files).containsExactlyInAnyOrderElementsOf(EventType.all().stream().map(EventType::schemaResource).toList());
    }

    /** The files under a contract's {@code schemas} folder, as classpath resources. */
    private static List<String> schemaFiles(Path schemas) throws IOException {
        try (Stream<Path> walk = Files.walk(schemas)) {
            return walk.filter(Files::isRegularFile)
                    .map(file -> "/schemas/" + schemas.relativize(file).toString().replace('\\', '/')).toList();
        }
    }

    @Test
    @DisplayName("§2 money, customer and the other shared definitions are the same in every schema")
    void sharedDefinitionsAgree() {
        Map<String, JsonNode> first = new HashMap<>();
        Map<String, EventType> firstIn = new HashMap<>();
        for (EventType type : EventType.all()) {
            for (Map.Entry<String, JsonNode> definition : ContractSchemas.document(type).path("$defs").properties()) {
                JsonNode seen = first.putIfAbsent(definition.getKey(), definition.getValue());
                firstIn.putIfAbsent(definition.getKey(), type);
                if (seen != null) {
                    assertThat(definition.getValue()).as("$defs/%s of %s vs %s", definition.getKey(), type, firstIn.get(definition.getKey()))
                            .isEqualTo(seen);
                }
            }
        }
        assertThat(first).containsKeys("text", "instant", "money", "customer", "country", "currency", "tier");
    }

    static Stream<EventType> outboundTypes() {
        return EventType.all().stream().filter(type -> !type.inbound());
    }

    /** A name listed in "required" but missing from the sibling "properties" is a typo the meta-schema cannot see. */
    private static List<String> undeclaredRequired(JsonNode node, String path) {
        List<String> missing = new ArrayList<>();
        if (node.isObject()) {
            for (String name : names(node.path("required"))) {
                if (!node.path("properties").has(name)) {
                    missing.add(path + "/" + name);
                }
            }
            for (Map.Entry<String, JsonNode> child : node.properties()) {
                missing.addAll(undeclaredRequired(child.getValue(), path + "/" + child.getKey()));
            }
        }
        return missing;
    }

    private static List<String> names(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).toList();
    }
}
