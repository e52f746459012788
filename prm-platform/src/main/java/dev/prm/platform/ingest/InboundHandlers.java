package dev.prm.platform.ingest;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

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

    public <T> InboundHandlers on(EventType type, Class<T> dataType, BiConsumer<CloudEvent, T> handler) {
        if (!type.dataType().equals(dataType)) {
            throw new IllegalArgumentException(type + " does not carry " + dataType.getSimpleName());
        }
        handlers.put(type, (envelope, data) -> handler.accept(envelope, dataType.cast(data)));
        return this;
    }

    Optional<BiConsumer<CloudEvent, Object>> find(Inbound event) {
        return Optional.ofNullable(handlers.get(event.type()));
    }
}
