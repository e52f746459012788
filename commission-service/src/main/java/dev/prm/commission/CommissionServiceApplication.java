package dev.prm.commission;

import org.axonframework.common.lock.LockFactory;
import org.axonframework.common.lock.NullLockFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import dev.prm.commission.domain.CommissionCalculator;
import dev.prm.commission.domain.CommissionDefaults;
import dev.prm.commission.domain.CommissionPolicy;
import dev.prm.platform.aggregate.AggregateVersionCheck;
import dev.prm.platform.aggregate.AxonBatchScope;
import dev.prm.platform.aggregate.HeapPressure;
import dev.prm.platform.aggregate.CheckoutAggregateCache;
import dev.prm.platform.ingest.BatchScope;
import dev.prm.program.InboundFactRules;

@SpringBootApplication
public class CommissionServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(CommissionServiceApplication.class, args);
    }

    @Bean
    CommissionPolicy commissionPolicy() {
        return CommissionDefaults.commissionPolicy();
    }

    @Bean
    CommissionCalculator commissionCalculator(CommissionPolicy policy) {
        return new CommissionCalculator(policy);
    }

    /** See {@link dev.prm.commission.command.PartnerCommissions}: the event store, not the JVM, serialises writers. */
    @Bean
    LockFactory partnerCommissionsLockFactory() {
        return NullLockFactory.INSTANCE;
    }

    /** Partners stay in memory between facts, checked out by one transaction at a time and checked against the event store. */
    @Bean
    CheckoutAggregateCache partnerCommissionsCache(@Value("${prm.commission.partner-cache-size:10000}") int maxEntries,
            HeapPressure heapPressure, AggregateVersionCheck versionCheck) {
        return CheckoutAggregateCache.forIngestionThreads("PartnerCommissions", maxEntries, heapPressure, versionCheck);
    }

    /**
     * The facts of one ingestion transaction are appended in one JDBC batch. Commands read only their partner,
     * business time and the schedule, which those events do not change.
     */
    @Bean
    BatchScope batchScope() {
        return new AxonBatchScope();
    }

    /** C2: the validity every service that reads a fact applies alike (the T2 currency table at the fact's time). */
    @Bean
    InboundFactRules inboundFactRules() {
        return InboundFactRules.programDefault();
    }
}
