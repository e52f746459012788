package dev.prm.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;

import dev.prm.contracts.CloudEventCodec;
import dev.prm.contracts.EventType;
import tools.jackson.databind.json.JsonMapper;

/** The contract as a consumer sees it: the strict reader, and the published JSON Schema of each type (from prm-contracts' jar). */
final class ContractCheck {

    static final CloudEventCodec CODEC = new CloudEventCodec();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    // "format" (date-time) only asserts when switched on; the contract means it
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    private static final Map<EventType, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private ContractCheck() {
    }

    static CloudEventCodec.Inbound read(SimulatedEvent event) {
        return CODEC.readInbound(event.topic(), event.value());
    }

    /** What the type's schema finds wrong with the event; empty when it is valid. */
    static List<String> schemaProblems(EventType type, byte[] event) {
        return SCHEMAS.computeIfAbsent(type, ContractCheck::load).validate(JSON.readTree(event)).stream().map(Error::toString).toList();
    }

    private static Schema load(EventType type) {
        try (InputStream in = EventType.class.getResourceAsStream(type.schemaResource())) {
            if (in == null) {
                throw new AssertionError("prm-contracts has no schema " + type.schemaResource());
            }
            return REGISTRY.getSchema(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
