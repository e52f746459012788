package dev.prm.contracts;

import java.time.Instant;
import java.util.Objects;

import tools.jackson.databind.JsonNode;

/**
 * A CloudEvents 1.0 event in structured mode. {@code time} is the effective time of the fact (SPEC §2);
 * {@code id} is the de-duplication key.
 */
public record CloudEvent(String id, String source, String type, Instant time, String subject, String dataschema,
                         JsonNode data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/cloudevents+json";

    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
    }
}
