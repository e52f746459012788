package dev.prm.platform.config;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.prm.platform.clock.BusinessClock;

/**
 * @param clock  business clock mode and, in system mode, how often time-driven rules are checked
 * @param topics the inbound topics this service consumes (each gets its dead-letter topic), the
 *               outbound topics it publishes, and their partition count when this service creates them
 */
@ConfigurationProperties("prm")
public record PlatformProperties(Clock clock, Topics topics) {

    public record Clock(BusinessClock.Mode mode, Duration tickInterval) {
    }

    public record Topics(List<String> inbound, List<String> outbound, int partitions) {
        public Topics {
            inbound = inbound == null ? List.of() : inbound;
            outbound = outbound == null ? List.of() : outbound;
        }
    }
}
