package dev.prm.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class PlatformDefaultsTest {

    private static Properties defaults() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = PlatformDefaultsTest.class.getResourceAsStream("/prm-platform-defaults.properties")) {
            properties.load(in);
        }
        return properties;
    }

    /** Axon would otherwise interrupt the Kafka consumer thread in the middle of a long batch (AxonBatchScope). */
    @Test
    void an_ingestion_batch_outlives_kafkas_poll_interval_before_axon_would_interrupt_it() throws IOException {
        Properties defaults = defaults();
        long pollInterval = Long.parseLong(defaults.getProperty("spring.kafka.consumer.properties.max.poll.interval.ms",
                "300000")); // Kafka's default
        long unitOfWorkLimit = Long.parseLong(defaults.getProperty("axon.timeout.transaction.command-bus.timeout-ms", "0"));
        assertThat(unitOfWorkLimit).isGreaterThan(pollInterval);
        assertThat(Long.parseLong(defaults.getProperty("axon.timeout.transaction.command-bus.warning-threshold-ms")))
                .as("a slow batch is still reported").isLessThan(pollInterval);
    }
}
