package dev.prm.contracts;

import static dev.prm.contracts.InvalidEventException.Reason.INVALID_FIELD;
import static dev.prm.contracts.InvalidEventException.Reason.MISSING_FIELD;
import static dev.prm.contracts.InvalidEventException.Reason.NOT_CLOUDEVENT;
import static dev.prm.contracts.InvalidEventException.Reason.NOT_JSON;
import static dev.prm.contracts.InvalidEventException.Reason.UNKNOWN_TYPE;
import static dev.prm.contracts.InvalidEventException.Reason.UNSUPPORTED_SCHEMA;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes CloudEvents 1.0 in structured JSON mode. Reading is strict: the envelope, the type (known on
 * that topic), then the whole event against the type's JSON Schema ({@link EventSchemas}) are all checked before
 * its data is mapped to the type's record.
 */
public final class CloudEventCodec {

    private final ObjectMapper mapper;

    public CloudEventCodec() {
        this(JsonMapper.builder().build());
    }

    public CloudEventCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A valid event of a known type on {@code topic}, with its decoded data. */
    public record Inbound(CloudEvent envelope, EventType type, Object data) {
    }

    /**
     * Reads a message a service consumes: from the upstream CRM, or published by another service of this
     * system (commission-service reads registration-events). The type must be one of that topic's.
     */
    public Inbound readInbound(String topic, byte[] bytes) {
        JsonNode root = parse(bytes);
        CloudEvent envelope = envelope(root);
        EventType type = EventType.find(topic, envelope.type())
                .orElseThrow(() -> new InvalidEventException(UNKNOWN_TYPE, "type '" + envelope.type() + "' is not accepted on topic '" + topic + "'"));
        if (envelope.dataschema() != null && !envelope.dataschema().equals(type.dataschema())) {
            throw new InvalidEventException(UNSUPPORTED_SCHEMA,
                    "dataschema '" + envelope.dataschema() + "' is not supported; expected '" + type.dataschema() + "'");
        }
        EventSchemas.check(type, root);
        Object data = type.inbound()
                ? type.read(new DataReader(envelope.data(), "data"))
                : PublishedData.read(mapper, envelope.data(), type.dataType());
        return new Inbound(envelope, type, data);
    }

    public CloudEvent readEnvelope(byte[] bytes) {
        return envelope(parse(bytes));
    }

    private JsonNode parse(byte[] bytes) {
        try {
            return mapper.readTree(bytes);
        } catch (JacksonException e) {
            throw new InvalidEventException(NOT_JSON, "not JSON: " + firstLine(e.getOriginalMessage()));
        }
    }

    /** The CloudEvents envelope, checked by CloudEvents' rules (the type's schema then checks the whole event). */
    private static CloudEvent envelope(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new InvalidEventException(NOT_CLOUDEVENT, "a CloudEvent must be a JSON object");
        }
        String specversion = attribute(root, "specversion");
        if (!CloudEvent.SPEC_VERSION.equals(specversion)) {
            throw new InvalidEventException(NOT_CLOUDEVENT, "specversion must be '1.0', was '" + specversion + "'");
        }
        String id = attribute(root, "id");
        String source = attribute(root, "source");
        String type = attribute(root, "type");
        Instant time = parseTime(attribute(root, "time"));
        String subject = optionalAttribute(root, "subject");
        String dataschema = optionalAttribute(root, "dataschema");
        String contentType = optionalAttribute(root, "datacontenttype");
        if (contentType != null && !contentType.startsWith("application/json")) {
            throw new InvalidEventException(NOT_CLOUDEVENT, "datacontenttype must be application/json, was '" + contentType + "'");
        }
        JsonNode data = root.get("data");
        if (data == null || data.isNull()) {
            throw new InvalidEventException(MISSING_FIELD, "data: is required");
        }
        return new CloudEvent(id, source, type, time, subject, dataschema, data);
    }

    /** Serialises an outbound event; {@code data} is a record of the contract. */
    public byte[] write(String id, String source, EventType type, Instant time, String subject, Object data) {
        ObjectNode root = mapper.createObjectNode();
        root.put("specversion", CloudEvent.SPEC_VERSION);
        root.put("id", id);
        root.put("source", source);
        root.put("type", type.typeName());
        root.put("time", time.toString());
        if (subject != null) {
            root.put("subject", subject);
        }
        root.put("datacontenttype", "application/json");
        root.put("dataschema", type.dataschema());
        root.set("data", mapper.valueToTree(data));
        return mapper.writeValueAsBytes(root);
    }


    private static String attribute(JsonNode root, String name) {
        String value = optionalAttribute(root, name);
        if (value == null) {
            throw new InvalidEventException(NOT_CLOUDEVENT, "required CloudEvents attribute '" + name + "' is missing");
        }
        return value;
    }

    private static String optionalAttribute(JsonNode root, String name) {
        JsonNode value = root.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString() || value.stringValue().isBlank()) {
            throw new InvalidEventException(NOT_CLOUDEVENT, "CloudEvents attribute '" + name + "' must be a non-empty string");
        }
        if (!FieldLimits.fits(value.stringValue(), FieldLimits.TEXT)) {
            throw new InvalidEventException(INVALID_FIELD, FieldLimits.tooLong(name, value.stringValue(), FieldLimits.TEXT));
        }
        return value.stringValue();
    }

    private static Instant parseTime(String time) {
        try {
            return OffsetDateTime.parse(time).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(INVALID_FIELD, "time: '" + time + "' is not an RFC 3339 timestamp");
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
