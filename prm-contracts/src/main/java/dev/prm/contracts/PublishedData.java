package dev.prm.contracts;

import static dev.prm.contracts.InvalidEventException.Reason.INVALID_FIELD;
import static dev.prm.contracts.InvalidEventException.Reason.MISSING_FIELD;

import java.lang.reflect.RecordComponent;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Reads the data of an event published by a service of this system into its contract record; every field is required. */
final class PublishedData {

    private PublishedData() {
    }

    static Object read(ObjectMapper mapper, JsonNode data, Class<?> recordType) {
        if (!data.isObject()) {
            throw new InvalidEventException(INVALID_FIELD, "data: must be a JSON object");
        }
        for (RecordComponent component : recordType.getRecordComponents()) {
            JsonNode value = data.get(component.getName());
            if (value == null || value.isNull()) {
                throw new InvalidEventException(MISSING_FIELD, "data." + component.getName() + ": is required");
            }
            int limit = component.getName().equals("domain") ? FieldLimits.DOMAIN : FieldLimits.TEXT;
            if (value.isString() && !FieldLimits.fits(value.stringValue(), limit)) {
                throw new InvalidEventException(INVALID_FIELD, FieldLimits.tooLong("data." + component.getName(), value.stringValue(), limit));
            }
        }
        try {
            return mapper.treeToValue(data, recordType);
        } catch (JacksonException e) {
            throw new InvalidEventException(INVALID_FIELD, "data: " + e.getOriginalMessage());
        }
    }
}
