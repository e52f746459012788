package dev.prm.platform.projection;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.prm.platform.config.AxonJdbcAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;

/** Read-side positions of every service that event-sources: an actuator endpoint and a lag gauge. */
@AutoConfiguration(after = {AxonAutoConfiguration.class, AxonJdbcAutoConfiguration.class})
@ConditionalOnBean(EventProcessingConfiguration.class)
public class ProjectionsAutoConfiguration {

    @Bean
    ProjectionPositions projectionPositions(JdbcTemplate jdbc, Serializer tokenSerializer) {
        return new ProjectionPositions(jdbc, tokenSerializer);
    }

    @Bean
    ProjectionsEndpoint projectionsEndpoint(ProjectionPositions positions, EventProcessingConfiguration processing) {
        return new ProjectionsEndpoint(positions, processing);
    }

    @Bean
    ProjectionMetrics projectionMetrics(ProjectionPositions positions, MeterRegistry registry) {
        return new ProjectionMetrics(positions, registry);
    }
}
