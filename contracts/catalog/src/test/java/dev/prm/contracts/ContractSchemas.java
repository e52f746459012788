package dev.prm.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The published JSON Schemas, loaded from the classpath as a consumer would, and validation against them. */
final class ContractSchemas {

    static final ObjectMapper JSON = JsonMapper.builder().build();

    // In 2020-12 "format" is only an annotation unless assertions are switched on; the contract means it.
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

    private static final Map<EventType, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private ContractSchemas() {
    }

    /** The schema document of {@code type}, or an assertion error naming the missing resource. */
    static JsonNode document(EventType type) {
        return readResource(type.schemaResource());
    }

    static JsonNode readResource(String resource) {
        try (InputStream in = ContractSchemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new AssertionError("missing classpath resource " + resource);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Schema schema(EventType type) {
        return SCHEMAS.computeIfAbsent(type, t -> REGISTRY.getSchema(document(t)));
    }

    static Schema metaSchema() {
        return REGISTRY.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
    }

    /** What is wrong with {@code event} for {@code type}'s schema; empty when it is valid. */
    static List<String> problems(EventType type, String event) {
        JsonNode node;
        try {
            node = JSON.readTree(event);
        } catch (JacksonException e) {
            return List.of("not JSON: " + e.getOriginalMessage());
        }
        return schema(type).validate(node).stream().map(Error::toString).toList();
    }

    static boolean accepts(EventType type, String event) {
        return problems(type, event).isEmpty();
    }
}
