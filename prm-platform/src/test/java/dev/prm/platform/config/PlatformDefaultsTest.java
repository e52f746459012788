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

    /**
     * Axon's time limits capture a stack trace per limited call, event-sourcing handlers included (per event replayed),
     * and end an overrun by interrupting the Kafka consumer thread; the platform turns them off.
     */
    @Test
    void axons_time_limits_are_off() throws IOException {
        assertThat(defaults().getProperty("axon.timeout.enabled")).isEqualTo("false");
    }
}
