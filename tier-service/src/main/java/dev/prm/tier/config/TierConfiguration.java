package dev.prm.tier.config;

import org.axonframework.common.caching.Cache;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.prm.platform.aggregate.AggregateVersionCheck;
import dev.prm.platform.aggregate.AxonBatchScope;
import dev.prm.platform.aggregate.BatchRollbackHook;
import dev.prm.platform.aggregate.HeapPressure;
import dev.prm.platform.aggregate.LruAggregateCache;
import dev.prm.platform.ingest.BatchScope;
import dev.prm.program.InboundFactRules;
import dev.prm.tier.domain.PointsCalculator;
import dev.prm.tier.domain.PointsPolicy;
import dev.prm.tier.domain.ThresholdCatalog;
import dev.prm.tier.domain.TierCalendar;
import dev.prm.tier.domain.TierDefaults;
import dev.prm.tier.domain.TierOutlook;

@Configuration
public class TierConfiguration {

    @Bean
    PointsPolicy pointsPolicy() {
        return TierDefaults.pointsPolicy();
    }

    /** C2: the validity every service that reads a fact applies alike, with the currency table points convert with. */
    @Bean
    InboundFactRules inboundFactRules() {
        return new InboundFactRules(TierDefaults.currencies());
    }

    @Bean
    PointsCalculator pointsCalculator(PointsPolicy policy) {
        return new PointsCalculator(policy);
    }

    @Bean
    TierCalendar tierCalendar() {
        return TierCalendar.programDefault();
    }

    /** Issue 18: the outlook the REST route and the month-end check share. */
    @Bean
    TierOutlook tierOutlook(PointsCalculator calculator, ThresholdCatalog catalog, TierCalendar calendar) {
        return new TierOutlook(calculator, catalog, calendar);
    }

    /** Partners stay in memory between commands: every fact and every month end touches one. */
    @Bean
    LruAggregateCache partnerCache(@Value("${prm.tier.partner-cache-size:10000}") int size, HeapPressure heapPressure,
                                   AggregateVersionCheck versionCheck) {
        return new LruAggregateCache("Partner", size, heapPressure, versionCheck);
    }

    /** A partner's facts of one batch are appended together (its decisions read only its aggregate). */
    @Bean
    BatchScope batchScope() {
        return new AxonBatchScope();
    }

    /** A rolled-back batch may have changed cached partners: forget them. */
    @Bean
    BatchRollbackHook evictPartnersAfterRollback(Cache partnerCache) {
        return partnerCache::removeAll;
    }
}
