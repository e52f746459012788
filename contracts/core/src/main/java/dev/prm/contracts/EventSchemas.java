package dev.prm.contracts;

import static dev.prm.contracts.InvalidEventException.Reason.INVALID_FIELD;
import static dev.prm.contracts.InvalidEventException.Reason.MISSING_FIELD;
import static dev.prm.contracts.InvalidEventException.Reason.UNKNOWN_COUNTRY;
import static dev.prm.contracts.InvalidEventException.Reason.UNKNOWN_CURRENCY;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The published JSON Schema of each event type (one per CloudEvent, {@code schemas/v1/<topic>/<Type>.json}), the one
 * source of truth for what a consumer accepts: the codec validates every event it reads against its type's schema
 * before mapping its data. What a schema cannot say, the codec checks after it: that a code is in the ISO lists.
 */
public final class EventSchemas {

    // In 2020-12 "format" is only an annotation unless assertions are switched on; the contract means it.
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<EventType, Schema> SCHEMAS = new ConcurrentHashMap<>();
    private static final int VALUE_SHOWN = 64;

    private EventSchemas() {
    }

    /** The compiled schema of {@code type}, loaded from the classpath once. */
    public static Schema schema(EventType type) {
        return SCHEMAS.computeIfAbsent(type, t -> REGISTRY.getSchema(document(t)));
    }

    /** The schema document of {@code type}, from its producer's contract (the jar of its record). */
    public static JsonNode document(EventType type) {
        try (InputStream in = type.dataType().getResourceAsStream(type.schemaResource())) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + type.schemaResource());
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every way {@code event} breaks {@code type}'s schema; empty when it is valid. */
    public static List<Error> problems(EventType type, JsonNode event) {
        return schema(type).validate(event);
    }

    /** Refuses {@code event} with the reason and field of its first problem, if it has one. */
    static void check(EventType type, JsonNode event) {
        List<Error> problems = problems(type, event);
        if (!problems.isEmpty()) {
            throw refusal(problems.stream().min(Comparator.comparingInt(EventSchemas::rank)).orElseThrow());
        }
    }

    /** A missing field first, then a value over its limit (a huge value also misses its pattern), then the rest in order. */
    private static int rank(Error problem) {
        return problem.getKeyword().equals("required") ? 0 : problem.getKeyword().equals("maxLength") ? 1 : 2;
    }

    /** MISSING_FIELD for an absent or null field, UNKNOWN_CURRENCY / UNKNOWN_COUNTRY for a malformed code, else INVALID_FIELD. */
    static InvalidEventException refusal(Error problem) {
        String at = field(problem.getInstanceLocation().toString());
        JsonNode value = problem.getInstanceNode();
        if (problem.getKeyword().equals("required")) {
            return new InvalidEventException(MISSING_FIELD, (at.isEmpty() ? "" : at + ".") + problem.getProperty() + ": is required");
        }
        if (value == null || value.isNull()) {
            return new InvalidEventException(MISSING_FIELD, at + ": is required");
        }
        String definition = problem.getSchemaLocation().toString();
        InvalidEventException.Reason reason = definition.contains("/$defs/currency/") ? UNKNOWN_CURRENCY
                : definition.contains("/$defs/country/") ? UNKNOWN_COUNTRY
                : INVALID_FIELD;
        String shown = value.isString() && value.stringValue().length() <= VALUE_SHOWN ? "'" + value.stringValue() + "' " : "";
        return new InvalidEventException(reason, at + ": " + shown + problem.getMessage());
    }

    /** {@code /data/mrr/currency} as {@code data.mrr.currency}. */
    private static String field(String pointer) {
        return pointer.startsWith("/") ? pointer.substring(1).replace('/', '.') : pointer;
    }
}
