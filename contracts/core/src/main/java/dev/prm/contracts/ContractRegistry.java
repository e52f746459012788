package dev.prm.contracts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** The contracts found on the classpath, loaded once; two contracts may not declare one type on one topic. */
final class ContractRegistry {

    private static final class Holder {
        static final ContractRegistry LOADED = new ContractRegistry(
                ServiceLoader.load(Contract.class, Contract.class.getClassLoader()).stream().map(ServiceLoader.Provider::get).toList());
    }

    private final List<EventType> all;
    private final Map<String, Map<String, EventType>> byTopicAndName = new HashMap<>();

    ContractRegistry(List<Contract> contracts) {
        List<EventType> declared = new ArrayList<>();
        for (Contract contract : contracts) {
            for (EventType type : contract.types()) {
                EventType before = byTopicAndName.computeIfAbsent(type.topic(), t -> new HashMap<>()).putIfAbsent(type.typeName(), type);
                if (before != null && before != type) {
                    throw new IllegalStateException(type + " is declared twice, the second time by " + contract.producer() + "'s contract");
                }
                if (before == null) {
                    declared.add(type);
                }
            }
        }
        all = List.copyOf(declared);
    }

    static ContractRegistry loaded() {
        return Holder.LOADED;
    }

    List<EventType> all() {
        return all;
    }

    Optional<EventType> find(String topic, String typeName) {
        return Optional.ofNullable(byTopicAndName.getOrDefault(topic, Map.of()).get(typeName));
    }
}
