package dev.prm.benchmark;

import java.util.List;
import java.util.Optional;

/**
 * The three services as the benchmark sees them: the consumer group and topics each reads (its
 * {@code @KafkaListener}s), and the service whose published events it also reads (it cannot be caught up
 * before that one is).
 */
enum Service {
    TIER("tier-service", List.of("partners", "deal-closed", "account-managed", "business-time"), null),
    REGISTRATION("registration-service", List.of("partners", "domain-registration", "tier-events", "business-time"), TIER),
    COMMISSION("commission-service", List.of("partners", "deal-closed", "registration-events", "business-time"), REGISTRATION);

    private final String id;
    private final List<String> topics;
    private final Service upstream;

    Service(String id, List<String> topics, Service upstream) {
        this.id = id;
        this.topics = topics;
        this.upstream = upstream;
    }

    /** Also its consumer group id and the name of its jar ({@code <id>.jar}). */
    String id() {
        return id;
    }

    List<String> topics() {
        return topics;
    }

    Optional<Service> upstream() {
        return Optional.ofNullable(upstream);
    }

    /** Outbound publishers are tracking processors too, but they feed Kafka, not a queryable projection. */
    static boolean isPublisher(String processor) {
        return processor.endsWith("-publisher");
    }
}
