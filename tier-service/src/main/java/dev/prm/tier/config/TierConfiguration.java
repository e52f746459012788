package dev.prm.tier.config;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.prm.platform.config.BatchRollbackHook;
import dev.prm.tier.domain.PointsCalculator;
import dev.prm.tier.domain.PointsPolicy;
import dev.prm.tier.domain.ProgramDefaults;
import dev.prm.tier.domain.TierCalendar;

@Configuration
public class TierConfiguration {

    @Bean
    PointsPolicy pointsPolicy() {
        return ProgramDefaults.pointsPolicy();
    }

    @Bean
    PointsCalculator pointsCalculator(PointsPolicy policy) {
        return new PointsCalculator(policy);
    }

    @Bean
    TierCalendar tierCalendar() {
        return TierCalendar.programDefault();
    }

    /** Partners stay in memory between commands: month ends touch every one of them. */
    @Bean
    Cache partnerCache() {
        return new WeakReferenceCache();
    }

    /** A rolled-back batch may have changed cached partners: forget them. */
    @Bean
    BatchRollbackHook evictPartnersAfterRollback(Cache partnerCache) {
        return partnerCache::removeAll;
    }
}
