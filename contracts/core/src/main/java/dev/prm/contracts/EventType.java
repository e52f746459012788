package dev.prm.contracts;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A CloudEvents type of the public contract: its topic, its data record and its schema version. Each producer
 * declares its own types in its contract module ({@link Contract}); a service knows the types of the contracts on
 * its classpath, the ones it publishes and the ones it reads. Types read from the upstream CRM carry a strict reader
 * of their data; the services' own types are mapped from their records.
 * The same type name may appear on two topics (DomainRegistrationReleased is both a request and a decision).
 */
public final class EventType {

    /** Schema version of every type's data; a breaking change adds v2 beside it. */
    public static final int SCHEMA_VERSION = 1;

    private final String topic;
    private final Class<?> dataType;
    private final Function<DataReader, ?> reader;

    private EventType(String topic, Class<?> dataType, Function<DataReader, ?> reader) {
        this.topic = topic;
        this.dataType = dataType;
        this.reader = reader;
    }

    /** A type the upstream CRM publishes, read field by field by {@code reader} once its schema has passed. */
    public static <T> EventType fromUpstream(String topic, Class<T> dataType, Function<DataReader, T> reader) {
        return new EventType(topic, dataType, reader);
    }

    /** A type a service of this system publishes from its record. */
    public static EventType published(String topic, Class<?> dataType) {
        return new EventType(topic, dataType, null);
    }

    /** The CloudEvents {@code type} attribute, e.g. {@code DealClosed}. */
    public String typeName() {
        return dataType.getSimpleName();
    }

    public String topic() {
        return topic;
    }

    public Class<?> dataType() {
        return dataType;
    }

    /** Published by the upstream CRM (read strictly field by field), rather than by a service of this system. */
    public boolean inbound() {
        return reader != null;
    }

    /** The CloudEvents {@code dataschema} attribute that names this type's schema version. */
    public String dataschema() {
        return "urn:prm:schema:" + topic + ":" + typeName() + ":v" + SCHEMA_VERSION;
    }

    /** Classpath resource of the JSON Schema of the whole CloudEvent of this type, in its producer's contract. */
    public String schemaResource() {
        return "/schemas/v" + SCHEMA_VERSION + "/" + topic + "/" + typeName() + ".json";
    }

    /** Every type of the contracts on the classpath. */
    public static List<EventType> all() {
        return ContractRegistry.loaded().all();
    }

    public static Optional<EventType> find(String topic, String typeName) {
        return ContractRegistry.loaded().find(topic, typeName);
    }

    public static List<EventType> onTopic(String topic) {
        return all().stream().filter(t -> t.topic.equals(topic)).toList();
    }

    Object read(DataReader data) {
        if (reader == null) {
            throw new IllegalStateException(typeName() + " is published by this system, not read from upstream");
        }
        return reader.apply(data);
    }

    @Override
    public String toString() {
        return topic + "/" + typeName();
    }
}
