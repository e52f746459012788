package dev.prm.registration;

import org.axonframework.common.lock.LockFactory;
import org.axonframework.common.lock.NullLockFactory;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import dev.prm.platform.aggregate.AggregateVersionCheck;
import dev.prm.platform.aggregate.AxonBatchScope;
import dev.prm.platform.aggregate.HeapPressure;
import dev.prm.platform.aggregate.CheckoutAggregateCache;
import dev.prm.platform.ingest.BatchScope;
import dev.prm.registration.command.RegistrationTimers;
import dev.prm.registration.domain.RegistrationDefaults;
import dev.prm.registration.domain.RegistrationRules;

@SpringBootApplication
public class RegistrationServiceApplication {

    public static final String NO_IN_MEMORY_LOCKS = "noInMemoryAggregateLocks";
    public static final String PARTNER_CACHE = "partnerRegistrationsCache";
    public static final String DOMAIN_CACHE = "domainClaimCache";

    public static void main(String[] args) {
        SpringApplication.run(RegistrationServiceApplication.class, args);
    }

    @Bean
    RegistrationRules registrationRules() {
        return RegistrationDefaults.rules();
    }

    /**
     * Aggregates are guarded by the event store's unique (aggregate, sequence) key alone. An in-memory lock
     * would be released at the end of a command while its batch transaction still holds database locks, and a
     * thread waiting on it could never be seen by PostgreSQL's deadlock detection; with no lock, every wait is
     * in the database, which breaks any cycle and the loser is retried.
     */
    @Bean(NO_IN_MEMORY_LOCKS)
    LockFactory noInMemoryAggregateLocks() {
        return NullLockFactory.INSTANCE;
    }

    /**
     * Aggregates stay in memory between facts, checked out by one transaction at a time: with no in-memory lock, a
     * thread must never see another's uncommitted events. Domains are written from every instance (requests arrive keyed by partner,
     * direct-sales facts by domain), partners by another instance's month-end step or REST request: each entry is
     * checked against the event store once per transaction.
     */
    @Bean(PARTNER_CACHE)
    CheckoutAggregateCache partnerRegistrationsCache(@Value("${prm.registration.partner-cache-size:10000}") int maxEntries,
            HeapPressure heapPressure, AggregateVersionCheck versionCheck) {
        return CheckoutAggregateCache.forIngestionThreads("PartnerRegistrations", maxEntries, heapPressure, versionCheck);
    }

    /** More domains than partners: a domain is decided for again at its extension, release or a conflict, months later. */
    @Bean(DOMAIN_CACHE)
    CheckoutAggregateCache domainClaimCache(@Value("${prm.registration.domain-cache-size:40000}") int maxEntries,
            HeapPressure heapPressure, AggregateVersionCheck versionCheck) {
        return CheckoutAggregateCache.forIngestionThreads("DomainClaim", maxEntries, heapPressure, versionCheck);
    }

    /**
     * The requests of one Kafka batch are decided in one unit of work: their events are appended together.
     * Decisions read only the partner's and the domain's aggregates; timers are read at ticks, after it.
     */
    @Bean
    BatchScope batchScope() {
        return new AxonBatchScope();
    }

    /** A timer that cannot be written must fail the decision with it, not be logged and lost. */
    @Bean
    ConfigurerModule timersFailWithTheirDecision() {
        return configurer -> configurer.eventProcessing().registerListenerInvocationErrorHandler(
                RegistrationTimers.PROCESSING_GROUP, configuration -> PropagatingErrorHandler.instance());
    }
}
