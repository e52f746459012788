package dev.prm.contracts;

import static dev.prm.contracts.InvalidEventException.Reason.INVALID_FIELD;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Maps the data of an event published by a service of this system, already valid for its type's schema, to its record. */
final class PublishedData {

    private PublishedData() {
    }

    static Object read(ObjectMapper mapper, JsonNode data, Class<?> recordType) {
        try {
            return mapper.treeToValue(data, recordType);
        } catch (JacksonException e) {
            throw new InvalidEventException(INVALID_FIELD, "data: " + e.getOriginalMessage());
        }
    }
}
