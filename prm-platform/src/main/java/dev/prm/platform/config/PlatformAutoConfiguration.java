package dev.prm.platform.config;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.prm.contracts.CloudEventCodec;
import dev.prm.contracts.Topics;
import dev.prm.contracts.crm.CrmTopics;
import dev.prm.platform.aggregate.AggregateVersionCheck;
import dev.prm.platform.aggregate.BatchRollbackHook;
import dev.prm.platform.aggregate.CollectorHeapPressure;
import dev.prm.platform.aggregate.HeapPressure;
import dev.prm.platform.clock.BusinessClock;
import dev.prm.platform.clock.BusinessTimeAdvancer;
import dev.prm.platform.clock.BusinessTimeListener;
import dev.prm.platform.clock.BusinessTimeStore;
import dev.prm.platform.clock.EventBusinessClock;
import dev.prm.platform.clock.EventClockFollower;
import dev.prm.platform.clock.KafkaInputPositions;
import dev.prm.platform.clock.SystemBusinessClock;
import dev.prm.platform.clock.SystemTimeTicker;
import dev.prm.platform.clock.TickBarrier;
import dev.prm.platform.clock.TickPrecondition;
import dev.prm.platform.clock.TickReleaser;
import dev.prm.platform.ingest.BatchScope;
import dev.prm.platform.ingest.DeadLetterPublisher;
import dev.prm.platform.ingest.InboundHandlers;
import dev.prm.platform.ingest.IngestionMetrics;
import dev.prm.platform.ingest.IngestionPipeline;
import dev.prm.platform.ingest.ProcessedEventStore;
import dev.prm.platform.ingest.TransactionKeys;
import dev.prm.platform.metrics.BusinessGauges;
import dev.prm.platform.metrics.ThreadCpu;
import dev.prm.platform.web.PathVariableLimits;
import dev.prm.platform.web.ProblemDetailsAdvice;
import dev.prm.platform.web.ReadsFirst;
import dev.prm.platform.web.RequestBodyLimitFilter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** Wires the platform into a service: ingestion, business clock, dead letters, topics, problem+json. */
@AutoConfiguration
@EnableConfigurationProperties(PlatformProperties.class)
@Import(ProblemDetailsAdvice.class)
public class PlatformAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    CloudEventCodec cloudEventCodec() {
        return new CloudEventCodec();
    }

    /**
     * Read by the aggregate caches: when a collection leaves the old generation fuller than this share, they give
     * back half their entries (a history bigger than the heap must slow ingestion, not stop it).
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(HeapPressure.class)
    CollectorHeapPressure heapPressure(@Value("${prm.cache.heap-share:0.7}") double share) {
        return new CollectorHeapPressure(share);
    }

    @Bean
    BusinessTimeStore businessTimeStore(JdbcTemplate jdbc) {
        return new BusinessTimeStore(jdbc);
    }

    @Bean
    @ConditionalOnMissingBean
    BusinessClock businessClock(PlatformProperties properties, BusinessTimeStore store) {
        return switch (properties.clock().mode()) {
            case SYSTEM -> new SystemBusinessClock(Clock.systemUTC());
            case EVENT -> new EventBusinessClock(store.current());
        };
    }

    @Bean
    BusinessTimeAdvancer businessTimeAdvancer(BusinessTimeStore store, ObjectProvider<BusinessTimeListener> listeners,
                                              BusinessClock clock, ObjectProvider<TickBarrier> barrier) {
        return new BusinessTimeAdvancer(store, listeners.orderedStream().toList(),
                clock instanceof EventBusinessClock eventClock ? eventClock : null, barrier.getIfAvailable());
    }

    /** Event mode (SPEC B3): the end offsets of the fact topics a tick waits for, and the group's progress. */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "prm.clock.mode", havingValue = "event")
    KafkaInputPositions inputPositions(KafkaAdmin kafkaAdmin, PlatformProperties properties,
                                       @Value("${spring.kafka.consumer.group-id:${spring.application.name}}") String group) {
        List<String> factTopics = properties.topics().inbound().stream()
                .filter(topic -> !topic.equals(CrmTopics.BUSINESS_TIME)).toList();
        return new KafkaInputPositions(Admin.create(kafkaAdmin.getConfigurationProperties()), group, factTopics);
    }

    @Bean
    @ConditionalOnProperty(name = "prm.clock.mode", havingValue = "event")
    TickBarrier tickBarrier(JdbcTemplate jdbc, KafkaInputPositions positions, MeterRegistry registry,
                            ObjectProvider<TickPrecondition> preconditions) {
        TickBarrier barrier = new TickBarrier(jdbc, positions, preconditions.orderedStream().toList());
        Gauge.builder("prm.business.time.pending.ticks", barrier, TickBarrier::pending)
                .description("Ticks read and waiting for the facts published before them (SPEC B3)")
                .register(registry);
        return barrier;
    }

    @Bean
    @ConditionalOnProperty(name = "prm.clock.mode", havingValue = "event")
    TickReleaser tickReleaser(TickBarrier barrier, BusinessTimeAdvancer advancer, TransactionTemplate transaction,
                              @Value("${prm.clock.release-interval:200ms}") Duration interval,
                              ObjectProvider<BatchRollbackHook> rollbackHooks) {
        return new TickReleaser(barrier, advancer, transaction, interval, IngestionPipeline::markIngestionThread,
                rollbackHooks.orderedStream().map(hook -> (Runnable) hook::afterRollback).toList());
    }

    @Bean
    @ConditionalOnProperty(name = "prm.clock.mode", havingValue = "system", matchIfMissing = true)
    SystemTimeTicker systemTimeTicker(BusinessClock clock, BusinessTimeAdvancer advancer, TransactionTemplate transaction,
                                      PlatformProperties properties) {
        return new SystemTimeTicker(clock, advancer, transaction, properties.clock().tickInterval());
    }

    @Bean
    @ConditionalOnProperty(name = "prm.clock.mode", havingValue = "event")
    EventClockFollower eventClockFollower(BusinessTimeAdvancer advancer) {
        return new EventClockFollower(advancer);
    }

    @Bean
    ProcessedEventStore processedEventStore(JdbcTemplate jdbc) {
        return new ProcessedEventStore(jdbc);
    }

    @Bean
    IngestionMetrics ingestionMetrics(MeterRegistry registry, PlatformProperties properties) {
        IngestionMetrics metrics = new IngestionMetrics(registry);
        metrics.expectDeadLetters(properties.topics().inbound());
        return metrics;
    }

    /** CPU by thread role (ingest, steps, project, publish, ...): the benchmark's per-stage table and a dashboard's. */
    @Bean
    ThreadCpu threadCpu() {
        return new ThreadCpu();
    }

    /** Program gauges each service registers (partners per tier, over cap, holds, amounts), read in the background. */
    @Bean
    BusinessGauges businessGauges(MeterRegistry registry,
                                  @Value("${prm.metrics.business-refresh-interval:15s}") Duration interval) {
        return new BusinessGauges(registry, interval);
    }

    /** On a producer of its own, which takes a dead letter up to the size of the .DLT topics (more than the original). */
    @Bean
    DeadLetterPublisher deadLetterPublisher(KafkaTemplate<String, byte[]> kafka,
                                            @Value("${spring.kafka.consumer.group-id:${spring.application.name}}") String group) {
        return DeadLetterPublisher.sized(kafka.getProducerFactory(), group);
    }

    @Bean
    @ConditionalOnBean(InboundHandlers.class)
    IngestionPipeline ingestionPipeline(CloudEventCodec codec, InboundHandlers handlers, ProcessedEventStore processed,
                                        DeadLetterPublisher deadLetters, TransactionTemplate transaction,
                                        IngestionMetrics metrics, BusinessTimeAdvancer advancer, BusinessClock clock,
                                        ObjectProvider<BatchRollbackHook> rollbackHooks, ObjectProvider<BatchScope> batchScope,
                                        ObjectProvider<AggregateVersionCheck> versionCheck) {
        List<Runnable> hooks = rollbackHooks.orderedStream().map(hook -> (Runnable) hook::afterRollback).toList();
        AggregateVersionCheck versions = versionCheck.getIfAvailable();
        return new IngestionPipeline(codec, handlers, processed, deadLetters, transaction, metrics,
                clock instanceof EventBusinessClock ? advancer : null, hooks, batchScope.getIfAvailable(() -> BatchScope.NONE),
                versions == null ? TransactionKeys.NONE : versions::prefetch);
    }

    /**
     * Retries what the pipeline rethrows (only transient failures: it dead-letters the rest) with back-off,
     * without limit: the partition waits for the database or broker rather than losing an event.
     */
    @Bean
    CommonErrorHandler retryTransientFailuresForever() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(10_000);
        return new DefaultErrorHandler(backOff);
    }

    /** SPEC §4 on REST: request bodies read up to {@code prm.web.max-request-bytes} (the gateway's 64 KiB), chunked or not. */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimit(@Value("${prm.web.max-request-bytes:65536}") int maxBytes) {
        FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(new RequestBodyLimitFilter(maxBytes));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /** HTTP threads first when the CPU is short: ingestion yields to reads (see ReadsFirst). */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    ReadsFirst readsFirst() {
        return new ReadsFirst();
    }

    /** SPEC §4 on REST: ids in paths at most 256 characters, a domain at most 253. */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    WebMvcConfigurer pathVariableLimits() {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new PathVariableLimits());
            }
        };
    }

    /** Inbound topics (if this service is the first to start), their dead-letter topics, outbound topics. */
    @Bean
    KafkaAdmin.NewTopics prmTopics(PlatformProperties properties) {
        int partitions = properties.topics().partitions();
        List<NewTopic> topics = new ArrayList<>();
        for (String inbound : properties.topics().inbound()) {
            topics.add(TopicBuilder.name(inbound).partitions(partitions).build());
            // at least the source's partitions: a dead letter keeps its partition number; and room for the original
            // with the reason's headers
            topics.add(TopicBuilder.name(Topics.deadLetter(inbound)).partitions(partitions)
                    .configs(DeadLetterPublisher.topicConfig()).build());
        }
        for (String outbound : properties.topics().outbound()) {
            topics.add(TopicBuilder.name(outbound).partitions(partitions).build());
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }
}
