package dev.prm.security;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * The cost of a token check, alike at the gateway and in every service (issue 16): each token is verified once per
 * {@code prm.security.verified-tokens.max-age} ({@link VerifiedTokens}), and Spring Security records no observation
 * per filter, authentication and authorisation, since the HTTP server observation already times and traces each
 * request and those dozen more per request were most of a read's CPU.
 */
@AutoConfiguration
public class TokenCheckAutoConfiguration {

    @Bean
    static VerifiedTokenCaching verifiedTokenCaching(@Value("${prm.security.verified-tokens.capacity:100000}") int capacity,
                                                     @Value("${prm.security.verified-tokens.max-age:5m}") Duration maxAge) {
        return new VerifiedTokenCaching(capacity, maxAge);
    }

    @Bean
    SecurityObservationSettings noSecurityFilterObservations() {
        return SecurityObservationSettings.noObservations();
    }
}
