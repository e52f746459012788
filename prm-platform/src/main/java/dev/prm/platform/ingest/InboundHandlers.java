package dev.prm.platform.ingest;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.prm.contracts.CloudEvent;
import dev.prm.contracts.CloudEventCodec.Inbound;
import dev.prm.contracts.EventType;

/**
 * What a service does with each inbound type it consumes. A handler runs inside the batch transaction;
 * it throws {@link dev.prm.contracts.InvalidEventException} for input that breaks a rule of the contract
 * (the message is dead-lettered), and nothing else for business outcomes, which are events of their own.
 */
public final class InboundHandlers {

    private final Map<EventType, BiConsumer<CloudEvent, Object>> handlers = new HashMap<>();
    private final Map<EventType, Function<Object, Stream<String>>> aggregateIds = new HashMap<>();

    public <T> InboundHandlers on(EventType type, Class<T> dataType, BiConsumer<CloudEvent, T> handler) {
        if (!type.dataType().equals(dataType)) {
            throw new IllegalArgumentException(type + " does not carry " + dataType.getSimpleName());
        }
        handlers.put(type, (envelope, data) -> handler.accept(envelope, dataType.cast(data)));
        return this;
    }

    /**
     * As {@link #on(EventType, Class, BiConsumer)}, for a handler that decides for aggregates other than the one its
     * Kafka key names: their ids are read ahead with the transaction's keys (one query; see
     * {@link dev.prm.platform.aggregate.AggregateVersionCheck#prefetch}).
     */
    public <T> InboundHandlers on(EventType type, Class<T> dataType, Function<T, Stream<String>> decidesFor,
                                  BiConsumer<CloudEvent, T> handler) {
        on(type, dataType, handler);
        aggregateIds.put(type, data -> decidesFor.apply(dataType.cast(data)));
        return this;
    }

    Optional<BiConsumer<CloudEvent, Object>> find(Inbound event) {
        return Optional.ofNullable(handlers.get(event.type()));
    }

    /** The aggregates the event's handler decides for besides its key's, as declared; none if that fails. */
    Stream<String> aggregateIds(Inbound event) {
        Function<Object, Stream<String>> ids = aggregateIds.get(event.type());
        if (ids == null) {
            return Stream.empty();
        }
        try {
            return ids.apply(event.data()).toList().stream();
        } catch (RuntimeException e) {
            return Stream.empty(); // only a read-ahead: the handler says what is wrong with the event
        }
    }
}
