package dev.prm.platform.projection;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

import org.apache.kafka.clients.admin.Admin;
import org.springframework.kafka.core.KafkaAdmin;

import dev.prm.platform.axon.AxonJdbcAutoConfiguration;
import dev.prm.platform.clock.KafkaInputPositions;
import dev.prm.platform.clock.PeriodicTask;
import dev.prm.platform.clock.TickBarrier;
import dev.prm.platform.config.PlatformProperties;
import dev.prm.platform.health.CatchUpHealthIndicator;
import io.micrometer.core.instrument.MeterRegistry;

/** Read-side positions of every service that event-sources: an actuator endpoint, a lag gauge, a catch-up health indicator. */
@AutoConfiguration(after = {AxonAutoConfiguration.class, AxonJdbcAutoConfiguration.class})
@ConditionalOnBean(EventProcessingConfiguration.class)
public class ProjectionsAutoConfiguration {

    /** Pooled processors read through this ({@code source: notifyingEventSource} in each service's processor settings). */
    @Bean
    NotifyingEventSource notifyingEventSource(EventStore eventStore) {
        return new NotifyingEventSource(eventStore);
    }

    @Bean
    PeriodicTask notifyingEventSourceWaker(NotifyingEventSource source) {
        return source.waker();
    }

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

    /** Every input topic, ticks included: caught up means nothing is left on any of them. */
    @Bean
    CatchUpHealthIndicator catchUpHealthIndicator(KafkaAdmin kafkaAdmin, PlatformProperties properties,
                                                  @Value("${spring.kafka.consumer.group-id:${spring.application.name}}") String group,
                                                  ProjectionPositions positions, ObjectProvider<TickBarrier> barrier) {
        KafkaInputPositions inputs = new KafkaInputPositions(Admin.create(kafkaAdmin.getConfigurationProperties()), group,
                properties.topics().inbound());
        return new CatchUpHealthIndicator(inputs, positions, () -> {
            TickBarrier ticks = barrier.getIfAvailable();
            return ticks == null ? 0 : ticks.pending();
        });
    }
}
