package dev.prm.platform.axon;

import javax.sql.DataSource;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3SerializerCustomizer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.axonframework.springboot.autoconfig.JdbcAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import dev.prm.contracts.CloudEventCodec;
import dev.prm.platform.aggregate.AggregateVersionCheck;
import dev.prm.platform.aggregate.CachedCommandTargetResolver;
import dev.prm.platform.config.PlatformProperties;
import dev.prm.platform.ingest.IngestionMetrics;
import dev.prm.platform.publish.IntegrationEventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

/**
 * Axon's event store and token store on JDBC (PostgreSQL, tables owned by each service's Flyway).
 * Axon's own JDBC auto-configuration is evaluated before Boot 4's DataSource exists, so it never applies;
 * this one runs after it. Storage joins the surrounding Spring transaction: the ingestion batch's.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class, before = {AxonAutoConfiguration.class, JdbcAutoConfiguration.class})
@ConditionalOnClass(JdbcEventStorageEngine.class)
public class AxonJdbcAutoConfiguration {

    private static final String UNIQUE_VIOLATION = "23505";

    @Bean
    ConnectionProvider axonConnectionProvider(DataSource dataSource) {
        return new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
    }

    /** A duplicate (aggregate, sequence number) means another writer appended first: Axon's ConcurrencyException. */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new SQLStateResolver(UNIQUE_VIOLATION); // narrowed from every integrity violation (class 23: a null column too)
    }

    /** See {@link PlatformEventStorageEngine}: appends measured as a stage, no snapshot lookups unless a service takes them. */
    @Bean
    EventStorageEngine eventStorageEngine(Serializer defaultSerializer, @Qualifier("eventSerializer") Serializer eventSerializer,
                                          PersistenceExceptionResolver resolver, ConnectionProvider connections,
                                          TransactionManager transactions, org.axonframework.config.Configuration configuration,
                                          ObjectProvider<IngestionMetrics> ingestion,
                                          @Value("${prm.axon.snapshots:false}") boolean snapshots) {
        JdbcEventStorageEngine.Builder builder = JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(configuration.upcasterChain())
                .snapshotFilter(configuration.snapshotFilter())
                .persistenceExceptionResolver(resolver)
                .connectionProvider(connections)
                .transactionManager(transactions)
                .schema(new EventSchema());
        IngestionMetrics metrics = ingestion.getIfAvailable();
        return new PlatformEventStorageEngine(builder, metrics == null ? null : metrics.stages(), snapshots);
    }

    /** Every aggregate's commands are routed by members found once per command class (Axon's default reflects per command). */
    @Bean
    CommandTargetResolver commandTargetResolver() {
        return new CachedCommandTargetResolver();
    }

    /**
     * Axon's event store, keeping fewer of the latest events in memory for the tracking processors that follow the head:
     * Axon keeps 10,000, each with its stored bytes and, once a processor read it, its payload; on a 1M-event backlog
     * that was ~70 MB of commission-service's heap (a month end's settlements are large events). A processor further
     * behind reads the table itself, as it does anyway during a backlog.
     */
    @Qualifier("eventStore")
    @Bean(name = "eventBus")
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration configuration,
                                  @Value("${prm.axon.cached-events:1000}") int cachedEvents) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .cachedEvents(cachedEvents)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .build();
    }

    /**
     * Aggregate caches ask the event store whether an entry is still the latest (several writers, several instances),
     * and bring an overtaken one up with the events it missed, read from the storage engine.
     */
    @Bean
    AggregateVersionCheck aggregateVersionCheck(DataSource dataSource, ObjectProvider<EventStorageEngine> storageEngine) {
        return AggregateVersionCheck.against(new JdbcTemplate(dataSource),
                (aggregateId, version) -> storageEngine.getObject().readEvents(aggregateId, version + 1));
    }

    /**
     * Axon's replay tokens carry a polymorphic context; Jackson 3 refuses polymorphic {@code Object} without a
     * validator, which breaks processor resets. Only Axon's own types are allowed there.
     */
    @Bean
    Jackson3SerializerCustomizer allowAxonPolymorphicTypes() {
        return builder -> builder.polymorphicTypeValidator(
                BasicPolymorphicTypeValidator.builder().allowIfSubType("org.axonframework.").build());
    }

    @Bean
    IntegrationEventPublisher integrationEventPublisher(KafkaTemplate<String, byte[]> kafka, CloudEventCodec codec,
                                                        @Value("${spring.application.name}") String service,
                                                        ObjectProvider<MeterRegistry> registry,
                                                        ObjectProvider<PlatformProperties> properties) {
        return new IntegrationEventPublisher(kafka, codec, "/" + service, registry.getIfAvailable(),
                properties.stream().flatMap(p -> p.topics().outbound().stream()).toList());
    }

    /** SPEC §4: processors retry a failed batch with back-off and never skip an event (see NoSkipEventProcessing). */
    @Bean
    NoSkipEventProcessing.CountingErrorHandler eventProcessorErrorHandler(ObjectProvider<MeterRegistry> registry) {
        return new NoSkipEventProcessing.CountingErrorHandler(registry.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    ConfigurerModule noSkipEventProcessing(NoSkipEventProcessing.CountingErrorHandler errorHandler,
                                           ObjectProvider<PlatformTransactionManager> transactions) {
        return NoSkipEventProcessing.module(errorHandler, transactions::getObject);
    }

    /** Every processor's failure counter from 0, once Axon has started its processors. */
    @Bean
    ApplicationListener<ApplicationStartedEvent> eventProcessorFailuresFromZero(ObjectProvider<EventProcessingConfiguration> processing,
                                                                                NoSkipEventProcessing.CountingErrorHandler errorHandler) {
        return started -> processing.ifAvailable(configuration -> configuration.eventProcessors().keySet().forEach(errorHandler::expect));
    }

    @Bean
    TokenStore tokenStore(ConnectionProvider connections, Serializer defaultSerializer) {
        return JdbcTokenStore.builder()
                .connectionProvider(connections)
                .serializer(defaultSerializer)
                .schema(new TokenSchema())
                .build();
    }
}
